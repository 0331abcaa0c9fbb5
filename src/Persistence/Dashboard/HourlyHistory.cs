namespace Workflow.Persistence.Dashboard;

/// <summary>Attempts per hour from the per-minute statistics, and when the rollup that writes them last ran.</summary>
/// <param name="Hours">One entry per hour, oldest first, the current hour last; hours without statistics are zero.</param>
/// <param name="LastRollupAt">
/// Start of the last successful statistics rollup; null when none is recorded, because it has not run yet, is turned
/// off or its runs were deleted by retention.
/// </param>
public sealed record HourlyHistory(IReadOnlyList<HourlyStats> Hours, DateTimeOffset? LastRollupAt);
