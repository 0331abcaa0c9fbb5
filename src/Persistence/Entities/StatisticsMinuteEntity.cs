namespace Workflow.Persistence.Entities;

/// <summary>
/// A row of <c>workflow.stats_minutes</c>: the attempts of one kind and queue that finished in one minute, counted by
/// the statistics rollup. Failed counts failed, timed-out and abandoned attempts. Of those, retried counts the ones
/// whose item ran again or waits to run again, and dead the ones that left their item dead. Both are judged by the
/// item's state when the minute was counted.
/// </summary>
public sealed class StatisticsMinuteEntity
{
    /// <summary>Start of the minute.</summary>
    public DateTimeOffset Minute { get; set; }

    public required string Kind { get; set; }

    public required string Queue { get; set; }

    public int Attempts { get; set; }

    public int Succeeded { get; set; }

    public int Failed { get; set; }

    public int Retried { get; set; }

    public int Dead { get; set; }

    public int Cancelled { get; set; }

    /// <summary>Sum of the attempts' durations, so averages over any range are sums divided by attempts.</summary>
    public double DurationSumMs { get; set; }

    public double DurationMaxMs { get; set; }
}
