namespace Workflow.Engine.Health;

/// <summary>The node's health in its snapshot.</summary>
/// <param name="Status"><see cref="Healthy"/> without active alerts, else <see cref="Degraded"/>.</param>
/// <param name="Alerts">The active alerts, oldest first.</param>
/// <param name="RecentAlerts">The last <see cref="AlertBook.MaxRecentAlerts"/> resolved alerts, newest first.</param>
public sealed record HealthSnapshot(string Status, IReadOnlyList<PoolAlert> Alerts, IReadOnlyList<PoolAlert> RecentAlerts)
{
    public const string Healthy = "healthy";
    public const string Degraded = "degraded";
}
