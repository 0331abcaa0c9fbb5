using System.Text.Json;
using Workflow.Engine.Retry;

namespace Workflow.Api.Items;

/// <summary>
/// Checks that every string and property name in a JSON value can be stored by PostgreSQL and that no object
/// repeats a property name.
/// </summary>
internal static class JsonText
{
    public const string UnstorableMessage =
        "The text contains a NUL character (\\u0000), an unpaired surrogate or invalid UTF-8, which cannot be stored. " +
        "Remove or re-encode it.";

    /// <summary>
    /// Returns an error for the first string or property name that contains a NUL character, an unpaired
    /// surrogate or invalid UTF-8, or for the first property name repeated in its object, or null when the value
    /// has neither. <paramref name="path"/> is the value's own path, "" for the root.
    /// </summary>
    public static FieldError? FindInvalid(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return TryGetString(element, out var text) && StoredText.IsStorable(text) ? null : Unstorable(path);

            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindInvalid(item, $"{path}[{index}]") is { } found)
                    {
                        return found;
                    }

                    index++;
                }

                return null;

            case JsonValueKind.Object:
                // Names are compared after unescaping, so "a" and "\u0061" are duplicates.
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return Unstorable(path);
                    }

                    if (!StoredText.IsStorable(name))
                    {
                        return Unstorable(path);
                    }

                    var childPath = path.Length == 0 ? name : $"{path}.{name}";
                    if (!names.Add(name))
                    {
                        return new FieldError(childPath,
                            $"The property '{name}' appears more than once in its object. Send each property once.");
                    }

                    if (FindInvalid(property.Value, childPath) is { } found)
                    {
                        return found;
                    }
                }

                return null;

            default:
                return null;
        }
    }

    private static FieldError Unstorable(string path) => new(path.Length == 0 ? "body" : path, UnstorableMessage);

    private static bool TryGetString(JsonElement element, out string text)
    {
        try
        {
            text = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json throws when it decodes an escaped unpaired surrogate or invalid UTF-8.
            text = "";
            return false;
        }
    }
}
