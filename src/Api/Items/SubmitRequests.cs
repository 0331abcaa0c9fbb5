using System.Text.Json;

namespace Workflow.Api.Items;

/// <summary>
/// The body of a submission, for the OpenAPI document. <see cref="SubmissionParser"/> reads the JSON itself, so
/// that every invalid field is reported by name; these types only describe it.
/// </summary>
/// <param name="Kind">Registered kind that runs the item, such as <c>http.request</c>.</param>
/// <param name="Payload">Any JSON value the kind accepts; default <c>{}</c>.</param>
/// <param name="Queue">Queue name; default the kind's queue or <c>default</c>.</param>
/// <param name="Priority">-1000 to 1000; lower runs first; default 0.</param>
/// <param name="Delay">Seconds (a number) or a "[d.]hh:mm:ss" string, 0 to 365 days; not with <paramref name="RunAt"/>.</param>
/// <param name="RunAt">ISO 8601 date and time with an offset; not with <paramref name="Delay"/>.</param>
/// <param name="MaxAttempts">1 to 1000; default 10.</param>
/// <param name="Timeout">Per-attempt timeout, seconds or "[d.]hh:mm:ss", 1 s to 24 h; default 5 min.</param>
/// <param name="IdempotencyKey">1 to 200 characters; a repeat with the same request returns the first item, with a different request 409.</param>
/// <param name="Tags">Up to 20 strings of 1 to 100 characters.</param>
public sealed record SubmitItemRequest(
    string Kind,
    JsonElement? Payload,
    string? Queue,
    int? Priority,
    JsonElement? Delay,
    DateTimeOffset? RunAt,
    int? MaxAttempts,
    JsonElement? Timeout,
    string? IdempotencyKey,
    IReadOnlyList<string>? Tags);

/// <summary>The body of a batch submission: up to the configured batch size of items, stored all or nothing.</summary>
public sealed record SubmitBatchRequest(IReadOnlyList<SubmitItemRequest> Items);
