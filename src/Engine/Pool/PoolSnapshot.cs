using Workflow.Engine.Circuits;
using Workflow.Engine.Health;
using Workflow.Engine.Scaling;

namespace Workflow.Engine.Pool;

/// <summary>
/// The pool's state as stored in the node row and shown by the API. <see cref="Workers"/> is the pool's current
/// size, between <see cref="MinWorkers"/> and <see cref="MaxWorkers"/>.
/// </summary>
public sealed record PoolSnapshot(
    int Workers,
    int MinWorkers,
    int MaxWorkers,
    int Busy,
    int InFlight,
    int Prefetch,
    IReadOnlyList<string> Queues,
    IReadOnlyList<string> Kinds)
{
    /// <summary>Each queue's limit on this node, if it has one, and its leased and running items.</summary>
    public IReadOnlyList<QueueUsage> QueueUsage { get; init; } = [];

    /// <summary>The last measured backlog and the recent scale events; null when the node row was written without them.</summary>
    public ScalingSnapshot? Scaling { get; init; }

    /// <summary>The node's health status and its active and recently resolved alerts.</summary>
    public HealthSnapshot? Health { get; init; }

    /// <summary>The node's circuit breakers, at most <see cref="CircuitRegistry.MaxCircuitsInNodeSnapshot"/>, those not closed first.</summary>
    public IReadOnlyList<CircuitSnapshot> Circuits { get; init; } = [];
}
