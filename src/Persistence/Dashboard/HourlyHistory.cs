namespace Workflow.Persistence.Dashboard;

/// <summary>Attempts per hour from the per-minute statistics, and when the rollup that writes them last ran.</summary>
/// <param name="Hours">One entry per hour, oldest first, the current hour last; hours without statistics are zero.</param>
/// <param name="LastRollupAt">
/// Start of the last successful statistics rollup. It is null while no run is recorded, such as before the first run,
/// with the rollup turned off, or after retention deleted its runs.
/// </param>
public sealed record HourlyHistory(IReadOnlyList<HourlyStats> Hours, DateTimeOffset? LastRollupAt);
