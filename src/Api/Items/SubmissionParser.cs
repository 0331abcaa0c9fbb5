using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Workflow.Engine;
using Workflow.Engine.Handlers;
using Workflow.Engine.Options;
using Workflow.Engine.Retry;
using Workflow.Persistence.Submission;

namespace Workflow.Api.Items;

/// <summary>
/// Turns one submitted JSON object into a <see cref="NewWorkItem"/>, or into the list of its invalid fields.
/// Every field is checked before anything is stored, including that PostgreSQL can store every string.
/// </summary>
internal sealed class SubmissionParser(HandlerRegistry registry, WorkflowOptions engine, IOptions<ApiOptions> api, KindPolicies policies)
{
    public const int MinPriority = -1000;
    public const int MaxPriority = 1000;
    public const int MaxIdempotencyKeyLength = 200;
    public const int MaxTags = 20;
    public const int MaxTagLength = 100;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(365);
    public static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

    // The payload is stored as jsonb and never embedded in HTML, so characters such as < and non-ASCII letters
    // are written as themselves and not counted as 6-byte \uXXXX escapes against the size limit.
    private static readonly JsonSerializerOptions StoredPayloadOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "kind", "payload", "queue", "priority", "delay", "runAt", "maxAttempts", "timeout", "idempotencyKey", "tags", "backoff",
    };

    public NewWorkItem? Parse(JsonElement request, string prefix, List<FieldError> errors)
    {
        var errorCount = errors.Count;
        if (request.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(prefix.Length == 0 ? "body" : prefix, "The item must be a JSON object."));
            return null;
        }

        foreach (var property in request.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                errors.Add(new FieldError(Path(prefix, property.Name),
                    $"Unknown field. Allowed fields: {string.Join(", ", KnownFields)}."));
            }
        }

        var kind = ParseKind(request, prefix, errors, out var registration);
        var payloadJson = ParsePayload(request, prefix, registration, errors);
        var queue = ParseName(request, "queue", prefix, errors) ?? registration?.Options.DefaultQueue ?? WorkflowOptions.DefaultQueue;
        var priority = ParseInt(request, "priority", prefix, MinPriority, MaxPriority, errors) ?? 0;
        var delay = ParseDuration(request, "delay", prefix, TimeSpan.Zero, MaxDelay, errors);
        var runAt = ParseRunAt(request, prefix, errors);
        if (delay is not null && runAt is not null)
        {
            errors.Add(new FieldError(Path(prefix, "runAt"), "Give either delay or runAt, not both."));
        }

        var maxAttempts = ParseInt(request, "maxAttempts", prefix, 1, 1000, errors)
            ?? registration?.Options.DefaultMaxAttempts ?? engine.MaxAttempts;
        var timeout = ParseDuration(request, "timeout", prefix, MinTimeout, MaxTimeout, errors)
            ?? registration?.Options.DefaultTimeout ?? engine.Timeout;
        var idempotencyKey = ParseIdempotencyKey(request, prefix, errors);
        var tags = ParseTags(request, prefix, errors);
        var backoffJson = BackoffField.Parse(request, prefix, policies.BackoffFor(kind ?? ""), errors);

        if (errors.Count > errorCount)
        {
            return null;
        }

        // Every path that leaves kind or payload unset adds an error above. This guard keeps a missed case from
        // dropping the item silently, which would shift the ids of a batch against its items.
        if (kind is null || payloadJson is null)
        {
            errors.Add(new FieldError(prefix.Length == 0 ? "body" : prefix, "The item could not be read. Check its kind and payload."));
            return null;
        }

        var hash = idempotencyKey is null
            ? null
            : HashRequest(kind, queue, payloadJson, priority, delay, runAt, maxAttempts, timeout, tags, backoffJson);
        return new NewWorkItem(kind, queue, payloadJson, priority, runAt, delay ?? TimeSpan.Zero, maxAttempts,
            (int)timeout.TotalMilliseconds, idempotencyKey, hash, tags, backoffJson);
    }

    private string? ParseKind(JsonElement request, string prefix, List<FieldError> errors, out WorkHandlerRegistration? registration)
    {
        registration = null;
        if (!request.TryGetProperty("kind", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new FieldError(Path(prefix, "kind"), "The kind is missing. Name the handler that runs the item."));
            return null;
        }

        var kind = ParseName(request, "kind", prefix, errors);
        if (kind is null)
        {
            return null;
        }

        if (!registry.TryGet(kind, out var found))
        {
            errors.Add(new FieldError(Path(prefix, "kind"),
                $"Unknown kind '{kind}'. Registered kinds: {string.Join(", ", registry.Kinds.Order(StringComparer.Ordinal))}."));
            return null;
        }

        registration = found;
        return kind;
    }

    private string? ParsePayload(JsonElement request, string prefix, WorkHandlerRegistration? registration, List<FieldError> errors)
    {
        var field = Path(prefix, "payload");
        if (!request.TryGetProperty("payload", out var payload))
        {
            payload = EmptyObject;
        }

        if (JsonText.FindInvalid(payload, field) is { } invalid)
        {
            errors.Add(invalid);
            return null;
        }

        var numberExtraBytes = 0L;
        if (JsonNumbers.FindInvalid(payload, field, ref numberExtraBytes) is { } badNumber)
        {
            errors.Add(badNumber);
            return null;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, StoredPayloadOptions);
        var size = bytes.Length + numberExtraBytes;
        var limit = api.Value.MaxPayloadBytes;
        if (size > limit)
        {
            errors.Add(new FieldError(field,
                $"The payload is {size} bytes of JSON as stored, with numbers written out in full; the limit is {limit} bytes."));
            return null;
        }

        var json = System.Text.Encoding.UTF8.GetString(bytes);
        if (registration is not null)
        {
            foreach (var error in registration.ValidatePayload(json))
            {
                var path = string.IsNullOrEmpty(error.Field) ? field : $"{field}.{error.Field}";
                errors.Add(new FieldError(path, error.Message));
            }
        }

        return json;
    }

    private static string? ParseName(JsonElement request, string name, string prefix, List<FieldError> errors)
    {
        if (!request.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !TryGetString(value, out var text) || !WorkItemNames.IsValidName(text))
        {
            errors.Add(new FieldError(Path(prefix, name), $"The {name} is not a valid name. {WorkItemNames.NameRule}"));
            return null;
        }

        return text;
    }

    private static int? ParseInt(JsonElement request, string name, string prefix, int min, int max, List<FieldError> errors)
    {
        if (!request.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
        {
            errors.Add(new FieldError(Path(prefix, name), $"The {name} must be a whole number from {min} to {max}."));
            return null;
        }

        return number;
    }

    /// <summary>Parses a duration given as seconds (a JSON number) or as a "[d.]hh:mm:ss[.fff]" string.</summary>
    internal static TimeSpan? ParseDuration(JsonElement request, string name, string prefix, TimeSpan min, TimeSpan max, List<FieldError> errors)
    {
        if (!request.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // TimeSpan.TryParse reads a string without ':' such as "30" as days, not seconds, so such a string is
        // rejected instead of silently meaning 30 days.
        TimeSpan? duration = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDouble(out var seconds) && double.IsFinite(seconds)
                && Math.Abs(seconds) <= max.TotalSeconds * 2 => TimeSpan.FromSeconds(seconds),
            JsonValueKind.String when TryGetString(value, out var text) && text.Contains(':', StringComparison.Ordinal)
                && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };

        if (duration is null || duration < min || duration > max)
        {
            errors.Add(new FieldError(Path(prefix, name),
                $"The {name} {value.GetRawText()} is invalid. Send a number of seconds (such as 30) or a \"[d.]hh:mm:ss\" " +
                $"string (such as \"00:00:30\"), from {min.TotalSeconds:0.###} s to {max.TotalSeconds:0.###} s."));
            return null;
        }

        return duration;
    }

    private static DateTimeOffset? ParseRunAt(JsonElement request, string prefix, List<FieldError> errors)
    {
        if (!request.TryGetProperty("runAt", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // Without an offset, TryGetDateTimeOffset reads the time in the server's zone, so the offset is required.
        // The year range applies to the UTC instant that is stored.
        if (value.ValueKind != JsonValueKind.String || !TryGetString(value, out var text) || !HasExplicitOffset(text)
            || !value.TryGetDateTimeOffset(out var runAt) || runAt.UtcDateTime.Year is < 2000 or > 9000)
        {
            errors.Add(new FieldError(Path(prefix, "runAt"),
                "The runAt must be an ISO 8601 date and time with an offset, such as \"2030-01-31T12:00:00Z\", between the years 2000 and 9000."));
            return null;
        }

        return runAt;
    }

    /// <summary>Returns whether an ISO 8601 date and time ends in Z or a "+hh:mm" or "-hh:mm" offset.</summary>
    private static bool HasExplicitOffset(string text)
    {
        if (!text.Contains('T', StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (text.EndsWith('Z') || text.EndsWith('z'))
        {
            return true;
        }

        return text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':';
    }

    private static string? ParseIdempotencyKey(JsonElement request, string prefix, List<FieldError> errors)
    {
        if (!request.TryGetProperty("idempotencyKey", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !TryGetString(value, out var key)
            || key.Length is 0 or > MaxIdempotencyKeyLength || !StoredText.IsStorable(key))
        {
            errors.Add(new FieldError(Path(prefix, "idempotencyKey"),
                $"The idempotencyKey must be a string of 1 to {MaxIdempotencyKeyLength} characters without NUL characters or unpaired surrogates."));
            return null;
        }

        return key;
    }

    private static string[] ParseTags(JsonElement request, string prefix, List<FieldError> errors)
    {
        if (!request.TryGetProperty("tags", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var rule = $"The tags must be an array of at most {MaxTags} strings of 1 to {MaxTagLength} characters without NUL characters or unpaired surrogates.";
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxTags)
        {
            errors.Add(new FieldError(Path(prefix, "tags"), rule));
            return [];
        }

        var tags = new List<string>();
        var index = 0;
        foreach (var tag in value.EnumerateArray())
        {
            if (tag.ValueKind != JsonValueKind.String || !TryGetString(tag, out var text)
                || text.Length is 0 or > MaxTagLength || !StoredText.IsStorable(text))
            {
                errors.Add(new FieldError(Path(prefix, $"tags[{index}]"), rule));
            }
            else
            {
                tags.Add(text);
            }

            index++;
        }

        return [.. tags];
    }

    private static byte[] HashRequest(
        string kind, string queue, string payloadJson, int priority, TimeSpan? delay, DateTimeOffset? runAt,
        int maxAttempts, TimeSpan timeout, string[] tags, string? backoffJson)
    {
        var canonical = new JsonObject
        {
            ["kind"] = kind,
            ["queue"] = queue,
            ["payload"] = SortKeys(JsonNode.Parse(payloadJson)),
            ["priority"] = priority,
            ["delayMs"] = delay?.TotalMilliseconds,
            ["runAt"] = runAt?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["maxAttempts"] = maxAttempts,
            ["timeoutMs"] = timeout.TotalMilliseconds,
            ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode?)t)]),
        };

        // Added only when present, so requests without a backoff hash as they did before the field existed and
        // repeat submissions of items stored earlier still match their idempotency keys.
        if (backoffJson is not null)
        {
            canonical["backoff"] = JsonNode.Parse(backoffJson);
        }

        return SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(canonical));
    }

    /// <summary>Copies a JSON value with every object's keys in ordinal order, so key order does not change the hash.</summary>
    private static JsonNode? SortKeys(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, SortKeys(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(SortKeys)]),
        _ => node?.DeepClone(),
    };

    private static bool TryGetString(JsonElement element, out string text)
    {
        try
        {
            text = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    internal static string Path(string prefix, string field)
        => prefix.Length == 0 ? field : field.Length == 0 ? prefix : $"{prefix}.{field}";
}
