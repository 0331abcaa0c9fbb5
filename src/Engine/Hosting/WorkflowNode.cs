using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Logging;
using Workflow.Engine.Model;
using Workflow.Engine.Options;
using Workflow.Engine.Pool;
using Workflow.Engine.Scheduling;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Hosting;

/// <summary>
/// One engine node inside a host: registers the node row, then runs the fetcher, the workers, the outcome
/// writer, the heartbeat and the Quartz.NET schedulers (the recovery sweep among their jobs) until the host stops,
/// and shuts them down in order.
/// </summary>
internal sealed class WorkflowNode(
    IWorkStore store,
    WorkerPool pool,
    OutcomeWriter writer,
    HeartbeatLoop heartbeat,
    WorkflowSchedulers schedulers,
    WorkflowOptions options,
    NodeIdentity node,
    IHostApplicationLifetime lifetime,
    ILogger<WorkflowNode> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan StateWriteTimeout = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopFetching = new();
    private readonly CancellationTokenSource _stopBackground = new();
    private readonly CancellationTokenSource _abortWrites = new();
    private Task _fetcher = Task.CompletedTask;
    private Task _writer = Task.CompletedTask;
    private Task _heartbeat = Task.CompletedTask;
    private CancellationTokenRegistration _stopBeforeFetching;
    private int _fetching;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.RegisterNodeAsync(new NodeRegistration(node.NodeId, node.Host, node.ProcessId, options.Queues), cancellationToken)
            .ConfigureAwait(false);

        _writer = Task.Run(() => writer.RunAsync(_abortWrites.Token), CancellationToken.None);
        pool.Start();

        _heartbeat = Task.Run(() => heartbeat.RunAsync(_stopBackground.Token), CancellationToken.None);

        await schedulers.StartAsync(cancellationToken).ConfigureAwait(false);

        // A stop that arrives while the host is still starting makes the host give up its start without calling
        // StopAsync, and schedulers left running would keep firing jobs against a disposed container and keep the
        // host from disposing. So a stop before leasing began shuts them down here.
        _stopBeforeFetching = lifetime.ApplicationStopping.Register(() =>
        {
            if (Volatile.Read(ref _fetching) == 0)
            {
                _ = StopSchedulersAsync(CancellationToken.None);
            }
        });
    }

    /// <summary>
    /// Starts leasing work. The host calls it once every hosted service has started, the web server included, so a
    /// host whose start fails or is stopped during start has leased nothing, and no item waits on a half-started node.
    /// </summary>
    public void StartFetching()
    {
        Volatile.Write(ref _fetching, 1);
        foreach (var queue in options.QueueLimits.Keys.Where(queue => !options.Queues.Contains(queue)))
        {
            // Not an error: nodes that serve different queues often share one configuration.
            PoolLog.UnservedQueueLimit(logger, node.NodeId, queue, string.Join(",", options.Queues));
        }

        _fetcher = Task.Run(() => pool.RunFetcherAsync(_stopFetching.Token), CancellationToken.None);
        PoolLog.NodeStarted(logger, node.NodeId, node.Host, node.ProcessId, pool.WorkerCount, string.Join(",", options.Queues));
    }

    /// <summary>
    /// Stops leasing, waits up to <see cref="WorkflowOptions.ShutdownTimeout"/> for in-flight attempts, then
    /// cancels the rest and hands their items back to pending without counting a failure. If the process dies
    /// during any step, the items it still holds are recovered once their leases expire.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        heartbeat.State = NodeState.Draining;
        await _stopFetching.CancelAsync().ConfigureAwait(false);
        await _fetcher.ConfigureAwait(false);
        pool.BeginDrain();
        PoolLog.Draining(logger, node.NodeId, pool.InFlight.Count);
        await TrySetStateAsync(NodeState.Draining).ConfigureAwait(false);

        if (!await WaitForInFlightAsync(options.ShutdownTimeout, cancellationToken).ConfigureAwait(false))
        {
            var cancelled = pool.InterruptAll(InterruptReason.Shutdown);
            PoolLog.ShutdownCancelled(logger, node.NodeId, cancelled, options.ShutdownTimeout.TotalMilliseconds);
            await WaitForInFlightAsync(options.CancellationGrace + TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        }

        pool.CompleteWorkers();
        await IgnoreCancellation(pool.WhenWorkersEnded().WaitAsync(cancellationToken)).ConfigureAwait(false);
        writer.Complete();
        try
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's own shutdown timeout ran out while the database was unreachable. Unwritten outcomes are
            // lost with the process, and recovery stores those attempts as abandoned once the leases expire.
            await _abortWrites.CancelAsync().ConfigureAwait(false);
        }

        await StopSchedulersAsync(cancellationToken).ConfigureAwait(false);
        await _stopBackground.CancelAsync().ConfigureAwait(false);
        await IgnoreCancellation(_heartbeat).ConfigureAwait(false);
        await TrySetStateAsync(NodeState.Stopped).ConfigureAwait(false);
        PoolLog.NodeStopped(logger, node.NodeId);
    }

    /// <summary>
    /// Shuts the schedulers down, cancelling the jobs they run. A failure is logged and the shutdown goes on, because
    /// the node row must still become <c>stopped</c>.
    /// </summary>
    private async Task StopSchedulersAsync(CancellationToken cancellationToken)
    {
        try
        {
            await schedulers.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            SchedulingLog.StopFailed(logger, ex, node.NodeId);
        }
    }

    private async Task<bool> WaitForInFlightAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var stored = pool.InFlight.Select(a => a.Stored).ToList();
        try
        {
            await Task.WhenAll(stored).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            // The host's own shutdown timeout ran out first; stop waiting and let the remaining steps run.
            return false;
        }
    }

    /// <summary>
    /// Writes the node's state with a few seconds of its own, even after the host's shutdown token fired, so a
    /// slow shutdown still leaves the node row <c>stopped</c> when the database is reachable.
    /// </summary>
    private async Task TrySetStateAsync(NodeState state)
    {
        using var timeout = new CancellationTokenSource(StateWriteTimeout);
        try
        {
            await store.SetNodeStateAsync(node.NodeId, state, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            PoolLog.HeartbeatFailed(logger, ex, node.NodeId);
        }
    }

    public void Dispose()
    {
        _stopBeforeFetching.Dispose();
        _stopFetching.Dispose();
        _stopBackground.Dispose();
        _abortWrites.Dispose();
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop ended because shutdown cancelled it.
        }
    }
}
