using Microsoft.Extensions.Logging;
using Quartz;
using Workflow.Engine.Logging;
using Workflow.Engine.Options;
using Workflow.Engine.Pool;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Scheduling;

/// <summary>
/// The cluster-wide retention job: deletes finished items older than <see cref="RetentionOptions.MaxAge"/> with their
/// attempts, job runs older than <see cref="RetentionOptions.JobRunMaxAge"/> and statistics older than
/// <see cref="RetentionOptions.StatisticsMaxAge"/>. Each batch is its own statement and transaction, so a run holds
/// row locks on at most <see cref="RetentionOptions.BatchSize"/> finished rows at a time, and rows that a lease or an
/// operator holds are skipped until the next run.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RetentionJob(IMaintenanceStore store, WorkflowOptions options, NodeIdentity node, ILogger<RetentionJob> logger) : IJob
{
    public const string Name = "retention";

    /// <summary>
    /// Maximum batches of one kind per run. A large backlog is deleted over several runs, so one run never occupies a
    /// scheduler thread for long and a shutdown finds it between short statements.
    /// </summary>
    public const int MaxBatchesPerRun = 100;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var result = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
        context.Result = JobRunReport.Succeeded(
                $"Deleted {result.Items} finished items, {result.JobRuns} job runs and {result.Statistics} statistics rows.")
            .With(JobRunRecorder.RowsMetric, result.Total);
    }

    /// <summary>Runs the deletions once and returns what they deleted.</summary>
    public async Task<RetentionResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var retention = options.Retention;
        var items = await DeleteInBatchesAsync(
            token => store.DeleteFinishedItemsAsync(retention.MaxAge, retention.BatchSize, token), retention.BatchSize, cancellationToken)
            .ConfigureAwait(false);
        var jobRuns = await DeleteInBatchesAsync(
            token => store.DeleteJobRunsAsync(retention.JobRunMaxAge, retention.BatchSize, token), retention.BatchSize, cancellationToken)
            .ConfigureAwait(false);
        var statistics = await DeleteInBatchesAsync(
            token => store.DeleteStatisticsAsync(retention.StatisticsMaxAge, retention.BatchSize, token), retention.BatchSize, cancellationToken)
            .ConfigureAwait(false);

        var result = new RetentionResult(items, jobRuns, statistics);
        if (result.Total > 0)
        {
            SchedulingLog.RetentionDeleted(logger, node.NodeId, items, jobRuns, statistics);
        }

        return result;
    }

    private static async Task<long> DeleteInBatchesAsync(Func<CancellationToken, Task<int>> deleteBatch, int batchSize, CancellationToken cancellationToken)
    {
        long deleted = 0;
        for (var batch = 0; batch < MaxBatchesPerRun; batch++)
        {
            var count = await deleteBatch(cancellationToken).ConfigureAwait(false);
            deleted += count;
            if (count < batchSize)
            {
                break;
            }
        }

        return deleted;
    }
}
