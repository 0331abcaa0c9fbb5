using Workflow.Engine.Circuits;

namespace Workflow.Api.Nodes;

/// <summary>
/// A circuit breaker as GET /api/v1/circuits returns it. <see cref="State"/> is closed, open, half_open or isolated;
/// the counts and times are described on <see cref="CircuitSnapshot"/>.
/// </summary>
public sealed record CircuitResponse(
    Guid NodeId,
    string Kind,
    string Key,
    string State,
    long Failures,
    long Successes,
    long Deferred,
    long TimesOpened,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? BreakEndsAt,
    DateTimeOffset LastActivityAt)
{
    internal static CircuitResponse From(Guid nodeId, CircuitSnapshot circuit) => new(
        nodeId,
        circuit.Kind,
        circuit.Key,
        circuit.State,
        circuit.Failures,
        circuit.Successes,
        circuit.Deferred,
        circuit.TimesOpened,
        circuit.OpenedAt,
        circuit.BreakEndsAt,
        circuit.LastActivityAt);
}
