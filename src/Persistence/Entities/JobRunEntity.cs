namespace Workflow.Persistence.Entities;

/// <summary>A row of <c>workflow.job_runs</c>: one firing of a cluster-wide Quartz.NET job on one node.</summary>
public sealed class JobRunEntity
{
    public long Id { get; set; }

    public required string JobName { get; set; }

    /// <summary>Quartz.NET's id of the firing, unique per node.</summary>
    public required string FireInstanceId { get; set; }

    public Guid NodeId { get; set; }

    /// <summary>
    /// When the trigger was due. Quartz.NET runs each firing on one node, so two rows of one job do not share it. No
    /// constraint enforces this, so the rows show whether it held.
    /// </summary>
    public DateTimeOffset ScheduledAt { get; set; }

    /// <summary>When the node started the run, by its own clock.</summary>
    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>One of running, succeeded, skipped, failed, cancelled.</summary>
    public required string Outcome { get; set; }

    public long? RowsAffected { get; set; }

    public string? Error { get; set; }
}
