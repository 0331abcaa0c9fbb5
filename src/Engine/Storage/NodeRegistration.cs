namespace Workflow.Engine.Storage;

/// <summary>Identity of an engine process, written to its node row when it starts.</summary>
public sealed record NodeRegistration(Guid NodeId, string Host, int ProcessId, IReadOnlyList<string> Queues);
