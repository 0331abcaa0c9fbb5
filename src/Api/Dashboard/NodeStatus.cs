using System.Text.Json;
using Workflow.Engine;
using Workflow.Engine.Circuits;
using Workflow.Engine.Pool;
using Workflow.Persistence.Entities;

namespace Workflow.Api.Dashboard;

/// <summary>
/// A node row as the dashboard shows it: its pool snapshot parsed, and its health judged from its state and the
/// age of its heartbeat against <c>Workflow:NodeStaleAfter</c>.
/// </summary>
internal sealed record NodeStatus(
    NodeEntity Node,
    PoolSnapshot? Pool,
    TimeSpan HeartbeatAge,
    string Health)
{
    public const string Online = "online";

    public bool IsOnline => Health == Online;

    public IReadOnlyList<CircuitSnapshot> Circuits => Pool?.Circuits ?? [];

    public static NodeStatus From(NodeEntity node, DateTimeOffset now, TimeSpan staleAfter)
    {
        var age = now - node.HeartbeatAt;
        var health = node.State switch
        {
            "running" when age <= staleAfter => Online,
            "running" => "not responding",
            _ => node.State,
        };
        return new NodeStatus(node, ParsePool(node.Snapshot), age, health);
    }

    /// <summary>Parses the snapshot, or returns null when its JSON does not have the pool's shape.</summary>
    private static PoolSnapshot? ParsePool(string snapshot)
    {
        try
        {
            return JsonSerializer.Deserialize<PoolSnapshot>(snapshot, WorkflowJson.ResultOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
