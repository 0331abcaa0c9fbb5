using Quartz;
using Workflow.Engine.Pool;

namespace Workflow.Engine.Scheduling;

/// <summary>
/// The cluster-wide recovery sweep: each firing runs <see cref="RecoverySweep"/> on one node. Its report counts the
/// nodes marked dead and the items released as rows.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RecoverySweepJob(RecoverySweep sweep) : IJob
{
    public const string Name = "recovery-sweep";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var result = await sweep.RunOnceAsync(cancellationToken).ConfigureAwait(false);
        context.Result = result is null
            ? JobRunReport.Skipped("This node's heartbeats have not succeeded long enough without a gap to judge other nodes.")
            : JobRunReport.Succeeded(
                    $"Marked {result.NodesMarkedDead} nodes dead, released {result.ItemsReleased} items, {result.ItemsDead} of them now dead.")
                .With(JobRunRecorder.RowsMetric, (long)result.NodesMarkedDead + result.ItemsReleased);
    }
}
