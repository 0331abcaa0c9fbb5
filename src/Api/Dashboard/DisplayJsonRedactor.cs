using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflow.Api.Handlers.Http;

namespace Workflow.Api.Dashboard;

/// <summary>
/// Formats payloads and results for the dashboard with secrets replaced by <see cref="HttpRequestRedactor.Mask"/>.
/// It runs after the kind's own redaction and applies to every kind. The value of any property whose name suggests
/// a secret (password, token, apiKey, Authorization and the like) is masked at any depth. Inside string values that
/// are absolute URLs, passwords and secret-looking query values are masked too.
/// </summary>
internal static class DisplayJsonRedactor
{
    private static readonly string[] SecretWords =
        ["password", "passwd", "secret", "token", "apikey", "api_key", "api-key", "auth", "cookie", "credential", "signature", "privatekey", "private_key"];

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Returns the JSON indented, with secrets masked; text that is not JSON is returned unchanged.</summary>
    public static string Format(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return json;
        }

        return node is null ? "null" : Redact(node).ToJsonString(Indented);
    }

    /// <summary>Returns a copy of <paramref name="node"/> with secret values masked.</summary>
    public static JsonNode Redact(JsonNode node)
    {
        var copy = node.DeepClone();
        RedactInPlace(copy);
        return copy;
    }

    /// <summary>Whether a property name suggests that its value is a secret.</summary>
    public static bool IsSecretName(string name)
        => name.Equals("key", StringComparison.OrdinalIgnoreCase)
            || SecretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));

    private static void RedactInPlace(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is null)
                    {
                        continue;
                    }

                    if (IsSecretName(name))
                    {
                        obj[name] = HttpRequestRedactor.Mask;
                    }
                    else if (RedactedUrl(value) is { } url)
                    {
                        obj[name] = url;
                    }
                    else
                    {
                        RedactInPlace(value);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is not { } item)
                    {
                        continue;
                    }

                    if (RedactedUrl(item) is { } url)
                    {
                        array[i] = url;
                    }
                    else
                    {
                        RedactInPlace(item);
                    }
                }

                break;
        }
    }

    /// <summary>Returns a string value that is an absolute http or https URL with its secrets masked, or null for other values.</summary>
    private static string? RedactedUrl(JsonNode value)
        => value is JsonValue text && text.TryGetValue<string>(out var s)
            && (s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            ? HttpRequestRedactor.RedactUrl(s)
            : null;
}
