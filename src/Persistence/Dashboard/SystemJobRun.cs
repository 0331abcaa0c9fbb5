namespace Workflow.Persistence.Dashboard;

/// <summary>One firing of a cluster-wide job, as <c>workflow.job_runs</c> records it.</summary>
/// <param name="Id">The row's id in <c>workflow.job_runs</c>.</param>
/// <param name="JobName">The job's name, such as <c>retention</c>.</param>
/// <param name="NodeId">The node that ran it.</param>
/// <param name="NodeHost">The host of the node that ran it; null when the node row is gone.</param>
/// <param name="ScheduledAt">When the trigger was due.</param>
/// <param name="StartedAt">When the node started the run, by its own clock.</param>
/// <param name="FinishedAt">When the run ended; null while it runs, or when its node died before storing the end.</param>
/// <param name="Outcome">One of running, succeeded, skipped, failed, cancelled.</param>
/// <param name="RowsAffected">Rows the job changed, for jobs that report them.</param>
/// <param name="Error">The exception of a failed run.</param>
public sealed record SystemJobRun(
    long Id,
    string JobName,
    Guid NodeId,
    string? NodeHost,
    DateTimeOffset ScheduledAt,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string Outcome,
    long? RowsAffected,
    string? Error)
{
    public TimeSpan? Duration => FinishedAt - StartedAt;
}
