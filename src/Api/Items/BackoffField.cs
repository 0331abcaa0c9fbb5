using System.Text.Json;
using Workflow.Engine.Options;
using Workflow.Engine.Retry;

namespace Workflow.Api.Items;

/// <summary>
/// Parses a submission's optional <c>backoff</c> object: <c>baseDelay</c> and <c>cap</c> as seconds or "hh:mm:ss",
/// <c>factor</c> and <c>jitter</c> as numbers, each in the range of <see cref="BackoffOptions"/>. A field left out
/// takes the value of the kind's policy at submission, and the merged policy is stored with the item, so later
/// changes to the kind's policy do not change it.
/// </summary>
internal static class BackoffField
{
    private const string Name = "backoff";

    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal) { "baseDelay", "factor", "cap", "jitter" };

    /// <summary>Returns the stored JSON of the item's own backoff, or null when the submission has none or it is invalid.</summary>
    public static string? Parse(JsonElement request, string prefix, BackoffOptions kindBackoff, List<FieldError> errors)
    {
        if (!request.TryGetProperty(Name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var path = SubmissionParser.Path(prefix, Name);
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(path, "The backoff must be an object with any of baseDelay, factor, cap and jitter."));
            return null;
        }

        var errorCount = errors.Count;
        foreach (var property in value.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                errors.Add(new FieldError(SubmissionParser.Path(path, property.Name),
                    $"Unknown field. Allowed fields: {string.Join(", ", KnownFields)}."));
            }
        }

        var backoff = new BackoffOptions
        {
            BaseDelay = SubmissionParser.ParseDuration(value, "baseDelay", path, TimeSpan.Zero, BackoffOptions.MaxBaseDelay, errors)
                ?? kindBackoff.BaseDelay,
            Factor = ParseNumber(value, "factor", path, BackoffOptions.MinFactor, BackoffOptions.MaxFactor, errors) ?? kindBackoff.Factor,
            Cap = SubmissionParser.ParseDuration(value, "cap", path, TimeSpan.Zero, BackoffOptions.MaxCap, errors) ?? kindBackoff.Cap,
            Jitter = ParseNumber(value, "jitter", path, 0.0, 1.0, errors) ?? kindBackoff.Jitter,
        };

        if (errors.Count == errorCount && backoff.Cap < backoff.BaseDelay)
        {
            var field = value.TryGetProperty("cap", out _) ? "cap" : "baseDelay";
            errors.Add(new FieldError(SubmissionParser.Path(path, field),
                $"The cap ({backoff.Cap}) must be at least the baseDelay ({backoff.BaseDelay}); a value left out is the kind's."));
        }

        return errors.Count > errorCount ? null : StoredBackoff.ToJson(backoff);
    }

    private static double? ParseNumber(JsonElement backoff, string name, string path, double min, double max, List<FieldError> errors)
    {
        if (!backoff.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number < min || number > max)
        {
            errors.Add(new FieldError(SubmissionParser.Path(path, name), $"The {name} must be a number from {min} to {max}."));
            return null;
        }

        return number;
    }
}
