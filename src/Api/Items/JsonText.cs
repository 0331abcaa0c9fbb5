using System.Text.Json;
using Workflow.Engine.Retry;

namespace Workflow.Api.Items;

/// <summary>Checks that every string and property name in a JSON value can be stored by PostgreSQL.</summary>
internal static class JsonText
{
    /// <summary>
    /// Returns the path of the first string or property name that holds a NUL character or an unpaired
    /// surrogate, or null when every one is storable. <paramref name="path"/> is the value's own path.
    /// </summary>
    public static string? FindUnstorable(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return TryGetString(element, out var text) && StoredText.IsStorable(text) ? null : path;

            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindUnstorable(item, $"{path}[{index}]") is { } found)
                    {
                        return found;
                    }

                    index++;
                }

                return null;

            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return path;
                    }

                    var childPath = $"{path}.{name}";
                    if (!StoredText.IsStorable(name))
                    {
                        return path;
                    }

                    if (FindUnstorable(property.Value, childPath) is { } found)
                    {
                        return found;
                    }
                }

                return null;

            default:
                return null;
        }
    }

    private static bool TryGetString(JsonElement element, out string text)
    {
        try
        {
            text = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to decode an escaped unpaired surrogate.
            text = "";
            return false;
        }
    }
}
