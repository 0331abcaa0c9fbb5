namespace Workflow.Persistence.Dashboard;

/// <summary>
/// Attempts that succeeded and failed in one hour, for the overview's history graph. Failed counts failed, timed-out
/// and abandoned attempts, and cancelled ones count as neither, as in the live graph.
/// </summary>
/// <param name="Hour">Start of the hour, in UTC.</param>
/// <param name="Succeeded">Attempts that succeeded in the hour.</param>
/// <param name="Failed">Attempts that failed, timed out or were abandoned in the hour.</param>
public sealed record HourlyStats(DateTimeOffset Hour, long Succeeded, long Failed);
