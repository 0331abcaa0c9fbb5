using Workflow.Engine.Health;

namespace Workflow.Api.Nodes;

/// <summary>
/// An alert as GET /api/v1/alerts returns it: the alert from a node's snapshot, with the node and whether the alert
/// is <c>active</c> or <c>resolved</c>. The other fields are described on <see cref="PoolAlert"/>.
/// </summary>
public sealed record AlertResponse(
    Guid NodeId,
    string NodeState,
    string State,
    Guid Id,
    string Type,
    string Subject,
    string Message,
    double Value,
    double Threshold,
    DateTimeOffset RaisedAt,
    DateTimeOffset? ResolvedAt)
{
    internal static AlertResponse From(Guid nodeId, string nodeState, PoolAlert alert) => new(
        nodeId,
        nodeState,
        alert.ResolvedAt is null ? "active" : "resolved",
        alert.Id,
        alert.Type,
        alert.Subject,
        alert.Message,
        alert.Value,
        alert.Threshold,
        alert.RaisedAt,
        alert.ResolvedAt);
}
