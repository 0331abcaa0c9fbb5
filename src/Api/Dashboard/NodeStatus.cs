using Workflow.Engine.Circuits;
using Workflow.Engine.Health;
using Workflow.Engine.Pool;
using Workflow.Engine.Scaling;
using Workflow.Persistence.Entities;
using Workflow.Persistence.Nodes;

namespace Workflow.Api.Dashboard;

/// <summary>
/// A node row as the dashboard shows it: its pool snapshot with the health and scaling sections parsed, and its
/// status judged from its state and the age of its heartbeat against <c>Workflow:NodeStaleAfter</c>.
/// </summary>
/// <param name="Node">The node row.</param>
/// <param name="Pool">The whole snapshot; null when it does not have the pool's shape.</param>
/// <param name="Health">The snapshot's health section; null when the row was stored without one.</param>
/// <param name="Scaling">The snapshot's scaling section; null when the row was stored without one.</param>
/// <param name="HeartbeatAge">Time since the node's last heartbeat, by this node's clock.</param>
/// <param name="Status">
/// <see cref="Online"/> or <see cref="Draining"/> for a node with a fresh heartbeat, <see cref="NotResponding"/>
/// for a running or draining node whose heartbeat is stale, else the stored state (stopped, dead).
/// </param>
internal sealed record NodeStatus(
    NodeEntity Node,
    PoolSnapshot? Pool,
    HealthSnapshot? Health,
    ScalingSnapshot? Scaling,
    TimeSpan HeartbeatAge,
    string Status)
{
    public const string Online = "online";
    public const string Draining = "draining";
    public const string NotResponding = "not responding";

    /// <summary>
    /// True for a running or draining node with a fresh heartbeat, whose snapshot describes it now. Only these nodes'
    /// alerts and breakers count as active.
    /// </summary>
    public bool IsOnline => Status is Online or Draining;

    public IReadOnlyList<CircuitSnapshot> Circuits => Pool?.Circuits ?? [];

    public static NodeStatus From(NodeEntity node, DateTimeOffset now, TimeSpan staleAfter)
    {
        var age = now - node.HeartbeatAt;
        var status = node.State switch
        {
            "running" when age <= staleAfter => Online,
            "draining" when age <= staleAfter => Draining,
            "running" or "draining" => NotResponding,
            _ => node.State,
        };
        return new NodeStatus(
            node,
            NodeSnapshotJson.ReadPool(node.Snapshot),
            NodeSnapshotJson.ReadHealth(node.Snapshot),
            NodeSnapshotJson.ReadScaling(node.Snapshot),
            age,
            status);
    }

    /// <summary>Returns the active alerts of the online nodes, newest first.</summary>
    public static IReadOnlyList<NodeAlert> ActiveAlerts(IEnumerable<NodeStatus> nodes)
        => [.. nodes
            .Where(n => n.IsOnline)
            .SelectMany(n => (n.Health?.Alerts ?? []).Select(a => new NodeAlert(n, a)))
            .OrderByDescending(a => a.Alert.RaisedAt)];
}
