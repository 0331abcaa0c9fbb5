using System.Text.Json.Nodes;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Pool;

/// <summary>Reads a node's pool snapshot through GET /api/v1/nodes, as of the node's last heartbeat.</summary>
internal static class PoolSnapshots
{
    public static async Task<JsonObject> ReadAsync(WorkflowTestServer server, Guid nodeId)
    {
        var nodes = JsonNode.Parse(await server.Client.GetStringAsync("/api/v1/nodes"))!.AsArray();
        var node = nodes.Single(n => (Guid)n!["id"]! == nodeId)!;
        return node["pool"]!.AsObject();
    }

    /// <summary>Waits until the snapshot satisfies <paramref name="done"/> and returns it.</summary>
    public static Task<JsonObject> WaitForAsync(
        WorkflowTestServer server, Guid nodeId, Func<JsonObject, bool> done, string what, TimeSpan? timeout = null)
        => Eventually.ValueAsync(() => ReadAsync(server, nodeId), done, what, timeout);
}
