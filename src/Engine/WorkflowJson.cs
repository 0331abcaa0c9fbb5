using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflow.Engine;

/// <summary>JSON settings shared by payloads, results and stored snapshots.</summary>
public static class WorkflowJson
{
    /// <summary>
    /// Payload deserialization: camelCase names, case-insensitive matching, and unknown properties rejected so
    /// a misspelt field fails at submission instead of being ignored at run time.
    /// </summary>
    public static JsonSerializerOptions PayloadOptions { get; } = new(JsonSerializerDefaults.Web)
    {
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
