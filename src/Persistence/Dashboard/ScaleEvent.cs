namespace Workflow.Persistence.Dashboard;

/// <summary>A change of a node's pool size, with the reason the pool gave.</summary>
public sealed record ScaleEvent(DateTimeOffset At, int FromWorkers, int ToWorkers, string Reason);
