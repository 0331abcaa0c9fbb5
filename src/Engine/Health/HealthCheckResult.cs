namespace Workflow.Engine.Health;

/// <summary>What one health check did: thresholds found crossed, alerts raised and resolved, notifications sent.</summary>
internal readonly record struct HealthCheckResult(int Findings, int Raised, int Resolved, int Sent);
