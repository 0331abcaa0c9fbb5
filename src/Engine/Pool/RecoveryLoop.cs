using Microsoft.Extensions.Logging;
using Workflow.Engine.Logging;
using Workflow.Engine.Options;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Pool;

/// <summary>
/// Periodically releases the items of expired leases and dead nodes. Every node runs it; rows are claimed
/// with SKIP LOCKED, so concurrent sweeps never release the same item twice.
/// </summary>
internal sealed class RecoveryLoop(
    IWorkStore store,
    WorkflowOptions options,
    TimeProvider timeProvider,
    ILogger<RecoveryLoop> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.RecoveryInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                PoolLog.RecoveryFailed(logger, ex);
            }
        }
    }

    public async Task<RecoveryResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var result = await store.RecoverAsync(options.NodeStaleAfter, options.RecoveryBatchSize, cancellationToken).ConfigureAwait(false);
        if (result.DidWork)
        {
            PoolLog.Recovered(logger, result.NodesMarkedDead, result.ItemsReleased, result.ItemsDead);
        }

        return result;
    }
}
