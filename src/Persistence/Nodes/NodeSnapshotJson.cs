using System.Text.Json;
using Workflow.Engine;
using Workflow.Engine.Health;
using Workflow.Engine.Pool;
using Workflow.Engine.Scaling;

namespace Workflow.Persistence.Nodes;

/// <summary>
/// Reads the pool snapshot that each node stores as JSON in <c>workflow.nodes.snapshot</c>. The health and scaling
/// sections are read on their own, so a snapshot whose other parts do not have the shape this build expects (a node
/// of another version wrote it) still shows the sections that do.
/// </summary>
public static class NodeSnapshotJson
{
    /// <summary>Returns the whole snapshot, or null when its JSON does not have the pool's shape.</summary>
    public static PoolSnapshot? ReadPool(string snapshotJson)
    {
        try
        {
            // A node stores an empty snapshot until its first heartbeat, which reads as a pool without lists.
            var pool = JsonSerializer.Deserialize<PoolSnapshot>(snapshotJson, WorkflowJson.ResultOptions);
            return pool is { Queues: not null, Kinds: not null, QueueUsage: not null, Circuits: not null } ? pool : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Returns the <c>health</c> section, or null for a node that has not stored one yet or stored one of another shape.
    /// </summary>
    public static HealthSnapshot? ReadHealth(string snapshotJson) => ReadSection<HealthSnapshot>(snapshotJson, "health");

    /// <summary>
    /// Returns the <c>scaling</c> section, or null for a node that has not stored one yet or stored one of another shape.
    /// </summary>
    public static ScalingSnapshot? ReadScaling(string snapshotJson) => ReadSection<ScalingSnapshot>(snapshotJson, "scaling");

    private static T? ReadSection<T>(string snapshotJson, string name)
        where T : class
    {
        try
        {
            using var document = JsonDocument.Parse(snapshotJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(name, out var section)
                && section.ValueKind == JsonValueKind.Object
                    ? section.Deserialize<T>(WorkflowJson.ResultOptions)
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
