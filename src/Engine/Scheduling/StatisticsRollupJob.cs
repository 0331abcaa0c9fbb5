using Microsoft.Extensions.Logging;
using Quartz;
using Workflow.Engine.Logging;
using Workflow.Engine.Options;
using Workflow.Engine.Pool;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Scheduling;

/// <summary>
/// The cluster-wide statistics rollup: recounts the attempts of the closed minutes within
/// <see cref="StatisticsOptions.Lookback"/> into per-minute rows by kind and queue. Each run replaces those minutes'
/// rows, so a run that is repeated or overlaps the previous one stores the same counts.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class StatisticsRollupJob(
    IMaintenanceStore store,
    WorkflowOptions options,
    NodeIdentity node,
    ILogger<StatisticsRollupJob> logger) : IJob
{
    public const string Name = "statistics-rollup";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var rows = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
        context.Result = JobRunReport.Succeeded($"Wrote {rows} per-minute rows.").With(JobRunRecorder.RowsMetric, (long)rows);
    }

    /// <summary>Runs the rollup once and returns how many rows it wrote or removed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var rows = await store.RollUpStatisticsAsync(options.Statistics.Lookback, cancellationToken).ConfigureAwait(false);
        SchedulingLog.StatisticsRolledUp(logger, node.NodeId, rows);
        return rows;
    }
}
