using System.Text.Json;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Circuits;
using Workflow.Engine.Health;
using Workflow.Engine.Logging;
using Workflow.Engine.Model;
using Workflow.Engine.Options;
using Workflow.Engine.Scaling;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Pool;

/// <summary>
/// Refreshes the node row and extends the leases of in-flight items. A lease the store no longer extends
/// belongs to someone else now (recovery, another node, an operator's cancel), so its handler is cancelled.
/// Failed heartbeats are retried with backoff from <see cref="WorkflowOptions.HeartbeatInterval"/> up to half of
/// <see cref="WorkflowOptions.NodeStaleAfter"/>, so once the database accepts connections again this node heartbeats before
/// other nodes can consider it stale. Every outcome is reported to <see cref="NodeLiveness"/>.
/// </summary>
internal sealed class HeartbeatLoop(
    IWorkStore store,
    WorkerPool pool,
    NodeLiveness liveness,
    WorkflowOptions options,
    NodeIdentity node,
    TimeProvider timeProvider,
    ILogger<HeartbeatLoop> logger,
    CircuitRegistry circuits,
    PoolScaler scaler,
    PoolHealthMonitor health)
{
    private readonly StorageBackoff _backoff = new(
        "send its heartbeat", options.HeartbeatInterval, options.NodeStaleAfter / 2, node, timeProvider, logger);

    public NodeState State { get; set; } = NodeState.Running;

    /// <summary>Sends heartbeats until <paramref name="cancellationToken"/> fires, which ends it with an <see cref="OperationCanceledException"/>.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = options.HeartbeatInterval;
        while (true)
        {
            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            try
            {
                await RunOnceAsync(cancellationToken).ConfigureAwait(false);
                _backoff.Succeeded();
                delay = options.HeartbeatInterval;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                liveness.HeartbeatFailed();
                delay = _backoff.Failed(ex);
            }
        }
    }

    /// <summary>Sends one heartbeat; returns how many leases were found lost.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var attempts = pool.InFlight;
        var leases = attempts.Select(a => a.Lease).ToList();
        circuits.RemoveIdle();
        var poolSnapshot = pool.Snapshot() with
        {
            Scaling = scaler.Snapshot(),
            Health = health.Snapshot(),
            Circuits = circuits.SnapshotForNode(),
        };
        var snapshot = JsonSerializer.Serialize(poolSnapshot, WorkflowJson.ResultOptions);
        var startedAt = timeProvider.GetTimestamp();
        var lost = await store.HeartbeatAsync(node.NodeId, State, snapshot, leases, options.LeaseDuration, cancellationToken)
            .ConfigureAwait(false);
        liveness.HeartbeatSucceeded(startedAt);

        foreach (var lease in lost)
        {
            if (!pool.TryGetInFlight(lease.LeaseToken, out var attempt))
            {
                continue;
            }

            PoolLog.LeaseLost(logger, node.NodeId, attempt.Item.Id, attempt.Item.Kind, attempt.Item.Attempt);
            attempt.Interrupt(InterruptReason.LeaseLost);
        }

        return lost.Count;
    }
}
