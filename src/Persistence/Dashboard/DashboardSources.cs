namespace Workflow.Persistence.Dashboard;

/// <summary>
/// The dashboard's sources that this build does not store yet. Each is one method, so that wiring a source in
/// changes its method alone; until then each returns <see cref="SourceResult.NotAvailable{T}"/> and the page shows
/// its note in place of the data.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Performance", "CA1822:Mark members as static",
    Justification = "The sources wired in later read injected services, and callers resolve this class from the container.")]
public sealed class DashboardSources
{
    /// <summary>Returns attempts per hour from <paramref name="from"/> to <paramref name="to"/>, oldest first.</summary>
    public Task<SourceResult<IReadOnlyList<HourlyStats>>> GetHourlyHistoryAsync(
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
        // TODO: read the per-minute stats rollup table, summed per hour, once the engine writes it.
        => Task.FromResult(SourceResult.NotAvailable<IReadOnlyList<HourlyStats>>(
            "History is not available yet: the engine does not store per-minute statistics."));

    /// <summary>Returns the health alerts that the online nodes report now.</summary>
    public Task<SourceResult<IReadOnlyList<HealthAlert>>> GetActiveAlertsAsync(CancellationToken cancellationToken)
        // TODO: read the alerts in the nodes' pool snapshots once the health job writes them.
        => Task.FromResult(SourceResult.NotAvailable<IReadOnlyList<HealthAlert>>(
            "Alerts are not available yet: the nodes do not report health alerts."));

    /// <summary>Returns the latest scale events of a node's pool, newest first.</summary>
    public Task<SourceResult<IReadOnlyList<ScaleEvent>>> GetScaleEventsAsync(Guid nodeId, CancellationToken cancellationToken)
        // TODO: read the scale events in the node's pool snapshot once the adaptive pool records them.
        => Task.FromResult(SourceResult.NotAvailable<IReadOnlyList<ScaleEvent>>(
            "Scale events are not available yet: the pool has a fixed size."));

    /// <summary>Returns the recurring schedules.</summary>
    public Task<SourceResult<IReadOnlyList<RecurringSchedule>>> GetRecurringSchedulesAsync(CancellationToken cancellationToken)
        => Task.FromResult(SourceResult.NotAvailable<IReadOnlyList<RecurringSchedule>>(
            "The engine has no recurring schedules yet. Submit items with runAt or delay to run them later."));
}
