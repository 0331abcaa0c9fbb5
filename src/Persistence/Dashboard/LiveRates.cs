namespace Workflow.Persistence.Dashboard;

/// <summary>Per-second attempt counts of a recent window, and the database clock they were read at.</summary>
/// <param name="Now">The database clock in whole seconds since the Unix epoch.</param>
/// <param name="Points">Seconds with at least one finished attempt, oldest first.</param>
public sealed record LiveRates(long Now, IReadOnlyList<RatePoint> Points);
