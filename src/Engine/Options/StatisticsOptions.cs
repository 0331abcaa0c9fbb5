namespace Workflow.Engine.Options;

/// <summary>
/// The statistics rollup, bound from <c>Workflow:Statistics</c>: it counts the attempts that finished in each closed
/// minute per kind and queue into <c>workflow.stats_minutes</c>, the source of the dashboard's history graphs.
/// </summary>
public sealed class StatisticsOptions
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan DefaultLookback = TimeSpan.FromHours(1);

    /// <summary>When false, no rollup runs and the job is removed from the cluster's schedule. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the rollup runs, measured from the end of one run, 1 s to 1 h. Default 1 min.</summary>
    public TimeSpan Interval { get; set; } = DefaultInterval;

    /// <summary>
    /// How many closed minutes each run counts again, 1 min to 7 days. Default 1 h. Recounting covers attempts stored
    /// late (a node's clock behind the database's, an outcome written after an outage) and runs that were missed,
    /// as long as they lie within this window.
    /// </summary>
    public TimeSpan Lookback { get; set; } = DefaultLookback;

    /// <summary>Adds one failure per invalid value, each named <c>{prefix}:{Property}</c>.</summary>
    public void Validate(string prefix, List<string> failures)
    {
        OptionChecks.Range(failures, $"{prefix}:{nameof(Interval)}", Interval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        OptionChecks.Range(failures, $"{prefix}:{nameof(Lookback)}", Lookback, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
    }
}
