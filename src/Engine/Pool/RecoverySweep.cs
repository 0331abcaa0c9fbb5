using Microsoft.Extensions.Logging;
using Workflow.Engine.Logging;
using Workflow.Engine.Options;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Pool;

/// <summary>
/// Releases the items of expired leases and dead nodes, and marks nodes with a stale heartbeat <c>dead</c>. The
/// cluster-wide <see cref="Scheduling.RecoverySweepJob"/> runs it, so each interval one node sweeps; rows are
/// claimed with SKIP LOCKED, so even overlapping sweeps never release the same item twice. A sweep is skipped
/// while <see cref="NodeLiveness.CanRecover"/> is false on the node it fires on.
/// </summary>
internal sealed class RecoverySweep(
    IWorkStore store,
    NodeLiveness liveness,
    WorkflowOptions options,
    ILogger<RecoverySweep> logger)
{
    /// <summary>
    /// Runs one sweep and returns what it did, or null without calling storage while
    /// <see cref="NodeLiveness.CanRecover"/> is false.
    /// </summary>
    public async Task<RecoveryResult?> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!liveness.CanRecover)
        {
            return null;
        }

        var result = await store.RecoverAsync(options.NodeStaleAfter, options.RecoveryBatchSize, cancellationToken).ConfigureAwait(false);
        if (result.DidWork)
        {
            PoolLog.Recovered(logger, result.NodesMarkedDead, result.ItemsReleased, result.ItemsDead);
        }

        return result;
    }
}
