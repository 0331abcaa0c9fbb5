namespace Workflow.Engine.Storage;

/// <summary>
/// The storage port of the cluster-wide maintenance jobs: retention, the statistics rollup and the record of job
/// runs. Each call is one short statement, so none of them holds locks that leasing waits on.
/// </summary>
public interface IMaintenanceStore
{
    /// <summary>
    /// Deletes up to <paramref name="batchSize"/> finished items (succeeded, dead or cancelled) that finished more than
    /// <paramref name="maxAge"/> ago, with their attempts, skipping rows another transaction has locked. Returns how
    /// many items it deleted.
    /// </summary>
    Task<int> DeleteFinishedItemsAsync(TimeSpan maxAge, int batchSize, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="batchSize"/> job runs that started more than <paramref name="maxAge"/> ago.</summary>
    Task<int> DeleteJobRunsAsync(TimeSpan maxAge, int batchSize, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="batchSize"/> per-minute statistics rows older than <paramref name="maxAge"/>.</summary>
    Task<int> DeleteStatisticsAsync(TimeSpan maxAge, int batchSize, CancellationToken cancellationToken);

    /// <summary>
    /// Counts again the attempts that finished in the closed minutes of the last <paramref name="lookback"/>, per
    /// minute, kind and queue, and replaces the stored rows of those minutes. Running it twice stores the same rows.
    /// Returns how many rows it wrote or removed.
    /// </summary>
    Task<int> RollUpStatisticsAsync(TimeSpan lookback, CancellationToken cancellationToken);

    /// <summary>Stores the start of a job run, with outcome <c>running</c>.</summary>
    Task RecordJobStartedAsync(JobRun run, CancellationToken cancellationToken);

    /// <summary>Stores how a job run ended; stores the whole run when its start was not stored.</summary>
    Task RecordJobFinishedAsync(JobRun run, JobRunOutcome outcome, CancellationToken cancellationToken);
}
