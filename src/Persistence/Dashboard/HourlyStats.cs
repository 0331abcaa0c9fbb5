namespace Workflow.Persistence.Dashboard;

/// <summary>Attempts that succeeded and failed in one hour, for the overview's history graph.</summary>
public sealed record HourlyStats(DateTimeOffset Hour, long Succeeded, long Failed);
