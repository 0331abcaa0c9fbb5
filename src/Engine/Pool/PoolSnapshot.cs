using Workflow.Engine.Circuits;

namespace Workflow.Engine.Pool;

/// <summary>The pool's state as stored in the node row and shown by the API.</summary>
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
    /// <summary>The node's circuit breakers, at most <see cref="CircuitRegistry.MaxCircuitsInNodeSnapshot"/>, those not closed first.</summary>
    public IReadOnlyList<CircuitSnapshot> Circuits { get; init; } = [];
}
