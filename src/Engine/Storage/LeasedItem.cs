namespace Workflow.Engine.Storage;

/// <summary>
/// A work item leased by this node. <see cref="LeaseToken"/> is the fencing token: every later write for this
/// attempt only takes effect while the stored token still equals it.
/// </summary>
public sealed record LeasedItem(
    long Id,
    string Kind,
    string Queue,
    string Payload,
    int Attempt,
    int FailedAttempts,
    int MaxAttempts,
    TimeSpan? Timeout,
    Guid LeaseToken,
    DateTimeOffset LeasedAt,
    DateTimeOffset CreatedAt)
{
    /// <summary>The item's own backoff as stored JSON (see <see cref="Retry.StoredBackoff"/>); null follows its kind's policy.</summary>
    public string? BackoffJson { get; init; }
}
