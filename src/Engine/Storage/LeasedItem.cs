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

    /// <summary>When the item became due: its run_at when it was leased, on the database clock. Null when the store does not return it.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>W3C <c>traceparent</c> of the request that submitted the item, or null when none was stored.</summary>
    public string? TraceParent { get; init; }
}
