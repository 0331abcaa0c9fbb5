namespace Workflow.Persistence.Entities;

/// <summary>A row of <c>workflow.nodes</c>: one engine process, its heartbeat and a snapshot of its pool.</summary>
public sealed class NodeEntity
{
    public Guid Id { get; set; }

    public required string Host { get; set; }

    public int ProcessId { get; set; }

    public string[] Queues { get; set; } = [];

    /// <summary>One of running, draining, stopped, dead.</summary>
    public required string State { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset HeartbeatAt { get; set; }

    /// <summary>The pool snapshot as JSON (jsonb).</summary>
    public required string Snapshot { get; set; }
}
