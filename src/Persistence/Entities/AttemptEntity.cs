namespace Workflow.Persistence.Entities;

/// <summary>A row of <c>workflow.attempts</c>: one finished execution of a work item.</summary>
public sealed class AttemptEntity
{
    public long Id { get; set; }

    public long WorkItemId { get; set; }

    public int Number { get; set; }

    /// <summary>The lease this attempt ran under; unique, so an attempt is stored once whoever stores it.</summary>
    public Guid LeaseToken { get; set; }

    public Guid? NodeId { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    public double DurationMs { get; set; }

    /// <summary>
    /// When the item became due for this attempt (its run_at, on the database clock); the queue wait is
    /// <see cref="StartedAt"/> minus this. Null for attempts stored by an operator's cancel or before this was recorded.
    /// </summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>One of succeeded, failed, timed_out, cancelled, abandoned.</summary>
    public required string Outcome { get; set; }

    public string? ErrorCategory { get; set; }

    public string? ErrorType { get; set; }

    public string? ErrorMessage { get; set; }

    public string? ErrorStack { get; set; }

    public WorkItemEntity? WorkItem { get; set; }
}
