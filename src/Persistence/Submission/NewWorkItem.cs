namespace Workflow.Persistence.Submission;

/// <summary>
/// A validated work item ready to insert. Either <see cref="RunAt"/> or <see cref="Delay"/> sets when it is due.
/// <see cref="BackoffJson"/> is the item's own backoff in its stored form, or null to follow its kind's policy.
/// </summary>
public sealed record NewWorkItem(
    string Kind,
    string Queue,
    string PayloadJson,
    int Priority,
    DateTimeOffset? RunAt,
    TimeSpan Delay,
    int MaxAttempts,
    int? TimeoutMs,
    string? IdempotencyKey,
    byte[]? RequestHash,
    IReadOnlyList<string> Tags,
    string? BackoffJson = null)
{
    /// <summary>
    /// W3C <c>traceparent</c> of the submitting request's span, stored with the item so that each attempt's span
    /// links to it; null when the request was not traced.
    /// </summary>
    public string? TraceParent { get; init; }
}

/// <summary>The item a submission resolved to, and whether this submission created it.</summary>
public readonly record struct SubmittedItem(long Id, bool Created);
