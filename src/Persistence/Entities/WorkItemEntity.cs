namespace Workflow.Persistence.Entities;

/// <summary>A row of <c>workflow.work_items</c>: one unit of durable work and its current lease.</summary>
public sealed class WorkItemEntity
{
    public long Id { get; set; }

    public required string Kind { get; set; }

    public required string Queue { get; set; }

    /// <summary>One of pending, running, succeeded, dead, cancelled.</summary>
    public required string State { get; set; }

    /// <summary>The JSON payload as stored (jsonb).</summary>
    public required string Payload { get; set; }

    /// <summary>Lower values run first.</summary>
    public int Priority { get; set; }

    /// <summary>The item is not leased before this time.</summary>
    public DateTimeOffset RunAt { get; set; }

    /// <summary>Number of the latest attempt; grows by one at every lease.</summary>
    public int Attempt { get; set; }

    /// <summary>Attempts that failed, timed out or were abandoned; the item is dead once this reaches <see cref="MaxAttempts"/>.</summary>
    public int FailedAttempts { get; set; }

    public int MaxAttempts { get; set; }

    /// <summary>Per-attempt timeout in milliseconds; null means no timeout.</summary>
    public int? TimeoutMs { get; set; }

    public string? IdempotencyKey { get; set; }

    /// <summary>SHA-256 of the submitted request, to tell a repeat from a different request with the same key.</summary>
    public byte[]? RequestHash { get; set; }

    public string[] Tags { get; set; } = [];

    /// <summary>The item's own backoff as JSON (jsonb, see <see cref="Engine.Retry.StoredBackoff"/>); null follows its kind's policy.</summary>
    public string? Backoff { get; set; }

    /// <summary>The JSON result of the succeeded attempt (jsonb).</summary>
    public string? Result { get; set; }

    public string? LastError { get; set; }

    public string? LastErrorCategory { get; set; }

    /// <summary>Fencing token of the current lease; null unless running.</summary>
    public Guid? LeaseToken { get; set; }

    public Guid? LeasedBy { get; set; }

    public DateTimeOffset? LeasedAt { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>W3C traceparent of the request that submitted the item; attempt spans link to it.</summary>
    public string? TraceParent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public List<AttemptEntity> Attempts { get; set; } = [];
}
