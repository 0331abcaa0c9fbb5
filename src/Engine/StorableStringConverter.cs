using System.Text.Json;
using System.Text.Json.Serialization;
using Workflow.Engine.Retry;

namespace Workflow.Engine;

/// <summary>
/// Writes strings as System.Text.Json does, but throws a <see cref="JsonException"/> for a string that PostgreSQL
/// cannot store: one with a NUL character or an unpaired surrogate. Without it the serializer writes an unpaired
/// surrogate as U+FFFD, which silently changes a handler's result, and NUL as an escape that <c>jsonb</c> rejects.
/// </summary>
internal sealed class StorableStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        EnsureStorable(value);
        writer.WriteStringValue(value);
    }

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.GetString()!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        EnsureStorable(value);
        writer.WritePropertyName(value);
    }

    private static void EnsureStorable(string value)
    {
        if (!StoredText.IsStorable(value))
        {
            throw new JsonException("A string contains a NUL character (\\u0000) or an unpaired surrogate, which PostgreSQL cannot store.");
        }
    }
}
