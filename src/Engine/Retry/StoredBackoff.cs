using System.Text.Json;
using System.Text.Json.Nodes;
using Workflow.Engine.Options;

namespace Workflow.Engine.Retry;

/// <summary>
/// The JSON form of an item's own backoff, as stored in <c>work_items.backoff</c> and returned by the API:
/// <c>{"baseDelay": 0.5, "factor": 2, "cap": 60, "jitter": 0.25}</c>, durations in seconds.
/// </summary>
public static class StoredBackoff
{
    public static string ToJson(BackoffOptions backoff) => new JsonObject
    {
        ["baseDelay"] = backoff.BaseDelay.TotalSeconds,
        ["factor"] = backoff.Factor,
        ["cap"] = backoff.Cap.TotalSeconds,
        ["jitter"] = backoff.Jitter,
    }.ToJsonString();

    /// <summary>
    /// Reads a stored backoff. Returns null when the JSON is not in the stored form or a value is out of range, so
    /// the item falls back to its kind's policy instead of failing.
    /// </summary>
    public static BackoffOptions? Parse(string json)
    {
        BackoffOptions backoff;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            backoff = new BackoffOptions
            {
                BaseDelay = TimeSpan.FromSeconds(root.GetProperty("baseDelay").GetDouble()),
                Factor = root.GetProperty("factor").GetDouble(),
                Cap = TimeSpan.FromSeconds(root.GetProperty("cap").GetDouble()),
                Jitter = root.GetProperty("jitter").GetDouble(),
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException
            or FormatException or OverflowException or ArgumentException)
        {
            return null;
        }

        var failures = new List<string>();
        backoff.Validate("backoff", failures);
        return failures.Count == 0 ? backoff : null;
    }
}
