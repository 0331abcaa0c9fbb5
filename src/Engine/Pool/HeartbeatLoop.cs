using System.Text.Json;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Circuits;
using Workflow.Engine.Logging;
using Workflow.Engine.Model;
using Workflow.Engine.Options;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Pool;

/// <summary>
/// Refreshes the node row and extends the leases of in-flight items. A lease the store no longer extends
/// belongs to someone else now (recovery, another node, an operator's cancel), so its handler is cancelled.
/// </summary>
internal sealed class HeartbeatLoop(
    IWorkStore store,
    WorkerPool pool,
    WorkflowOptions options,
    NodeIdentity node,
    TimeProvider timeProvider,
    ILogger<HeartbeatLoop> logger,
    CircuitRegistry circuits)
{
    public NodeState State { get; set; } = NodeState.Running;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                PoolLog.HeartbeatFailed(logger, ex, node.NodeId);
            }
        }
    }

    /// <summary>Sends one heartbeat; returns how many leases were found lost.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var attempts = pool.InFlight;
        var leases = attempts.Select(a => a.Lease).ToList();
        circuits.RemoveIdle();
        var poolSnapshot = pool.Snapshot() with { Circuits = circuits.SnapshotForNode() };
        var snapshot = JsonSerializer.Serialize(poolSnapshot, WorkflowJson.ResultOptions);
        var lost = await store.HeartbeatAsync(node.NodeId, State, snapshot, leases, options.LeaseDuration, cancellationToken)
            .ConfigureAwait(false);

        foreach (var lease in lost)
        {
            if (!pool.TryGetInFlight(lease.WorkItemId, out var attempt) || attempt.Item.LeaseToken != lease.LeaseToken)
            {
                continue;
            }

            PoolLog.LeaseLost(logger, node.NodeId, attempt.Item.Id, attempt.Item.Kind, attempt.Item.Attempt);
            attempt.Interrupt(InterruptReason.LeaseLost);
        }

        return lost.Count;
    }
}
