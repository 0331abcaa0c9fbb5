using System.Text.Json;

namespace Workflow.Engine.Handlers;

/// <summary>Turns payload deserialization failures into messages that name the field and the fix.</summary>
internal static class PayloadFields
{
    /// <summary>
    /// Returns an error for the first top-level property of a JSON object payload that the payload type does not
    /// have, listing the allowed names; null when every property is known or the payload is not an object.
    /// </summary>
    public static PayloadError? FindUnknown<TPayload>(string payloadJson)
    {
        using var document = JsonDocument.Parse(payloadJson);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var typeInfo = WorkflowJson.PayloadOptions.GetTypeInfo(typeof(TPayload));
        var allowed = typeInfo.Properties.Select(p => p.Name).ToList();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                return new PayloadError(property.Name, $"Unknown field. Allowed fields: {string.Join(", ", allowed)}.");
            }
        }

        return null;
    }

    /// <summary>Returns the exception's message without the reader's path and position suffix and .NET type prefixes.</summary>
    public static string Describe(JsonException exception)
    {
        var message = exception.Message;
        var suffix = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (suffix < 0)
        {
            suffix = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        if (suffix >= 0)
        {
            message = message[..suffix];
        }

        return message.Replace("System.", "", StringComparison.Ordinal);
    }
}
