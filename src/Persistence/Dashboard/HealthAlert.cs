namespace Workflow.Persistence.Dashboard;

/// <summary>A health alert a node raised, such as a high error rate of a kind or a stuck attempt.</summary>
public sealed record HealthAlert(Guid NodeId, string Severity, string Message, DateTimeOffset Since);
