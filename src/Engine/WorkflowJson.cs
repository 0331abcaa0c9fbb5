using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflow.Engine;

/// <summary>JSON settings shared by payloads, results and stored snapshots.</summary>
public static class WorkflowJson
{
    /// <summary>
    /// Payload deserialization: camelCase names matched exactly, and unknown properties rejected so a misspelt
    /// field fails at submission instead of being ignored at run time. Matching is case-sensitive because the
    /// API validates and redacts payloads by their camelCase names, so <c>URL</c> next to <c>url</c> must not
    /// bind as the same field.
    /// </summary>
    public static JsonSerializerOptions PayloadOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// Result and snapshot serialization: camelCase names, nulls left out, and a <see cref="JsonException"/> for a
    /// string with a NUL character or an unpaired surrogate, which the database cannot store.
    /// </summary>
    public static JsonSerializerOptions ResultOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new StorableStringConverter() },
    };
}
