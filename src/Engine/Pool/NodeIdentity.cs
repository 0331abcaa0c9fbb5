using System.Diagnostics;

namespace Workflow.Engine.Pool;

/// <summary>The id, host and process of this engine node, fixed for the life of the process.</summary>
public sealed class NodeIdentity
{
    public Guid NodeId { get; } = Guid.CreateVersion7();

    public string Host { get; } = Environment.MachineName;

    public int ProcessId { get; } = Environment.ProcessId;

    public DateTimeOffset StartedAt { get; } = new(Process.GetCurrentProcess().StartTime.ToUniversalTime());
}
