using Microsoft.Extensions.Logging;
using Workflow.Engine.Logging;
using Workflow.Engine.Options;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Pool;

/// <summary>
/// Periodically releases the items of expired leases and dead nodes. Every node runs it; rows are claimed
/// with SKIP LOCKED, so concurrent sweeps never release the same item twice. A sweep is skipped while
/// <see cref="NodeLiveness.CanRecover"/> is false, and failed sweeps are retried with backoff from
/// <see cref="WorkflowOptions.RecoveryInterval"/> up to <see cref="MaxRetryDelay"/>.
/// </summary>
internal sealed class RecoveryLoop(
    IWorkStore store,
    NodeLiveness liveness,
    WorkflowOptions options,
    NodeIdentity node,
    TimeProvider timeProvider,
    ILogger<RecoveryLoop> logger)
{
    /// <summary>Longest wait between failed sweeps, unless <see cref="WorkflowOptions.RecoveryInterval"/> is longer.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private static readonly RecoveryResult Skipped = new(0, 0, 0);

    private readonly StorageBackoff _backoff = new(
        "run the recovery sweep", options.RecoveryInterval, MaxRetryDelay, node, timeProvider, logger);

    /// <summary>Sweeps until <paramref name="cancellationToken"/> fires, which ends it with an <see cref="OperationCanceledException"/>.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = options.RecoveryInterval;
        while (true)
        {
            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            try
            {
                await RunOnceAsync(cancellationToken).ConfigureAwait(false);
                _backoff.Succeeded();
                delay = options.RecoveryInterval;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                delay = _backoff.Failed(ex);
            }
        }
    }

    /// <summary>
    /// Runs one sweep and returns what it did. Returns zero counts without calling storage while
    /// <see cref="NodeLiveness.CanRecover"/> is false.
    /// </summary>
    public async Task<RecoveryResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!liveness.CanRecover)
        {
            return Skipped;
        }

        var result = await store.RecoverAsync(options.NodeStaleAfter, options.RecoveryBatchSize, cancellationToken).ConfigureAwait(false);
        if (result.DidWork)
        {
            PoolLog.Recovered(logger, result.NodesMarkedDead, result.ItemsReleased, result.ItemsDead);
        }

        return result;
    }
}
