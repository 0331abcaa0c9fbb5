namespace Workflow.Engine.Options;

/// <summary>
/// The retention job, bound from <c>Workflow:Retention</c>: it deletes finished work items (succeeded, dead and
/// cancelled) with their attempts once they are older than <see cref="MaxAge"/>, and old job runs and statistics.
/// It deletes in batches of <see cref="BatchSize"/> rows, each its own short statement. It locks only finished rows,
/// which no lease reads, so leasing does not wait on it.
/// </summary>
public sealed class RetentionOptions
{
    public const int DefaultBatchSize = 1000;
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromDays(7);
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultJobRunMaxAge = TimeSpan.FromDays(1);
    public static readonly TimeSpan DefaultStatisticsMaxAge = TimeSpan.FromDays(14);

    /// <summary>When false, nothing is deleted and the job is removed from the cluster's schedule. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Age, counted from the moment an item finished, after which it is deleted with its attempts, 1 min to 3650 days.
    /// Default 7 days.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = DefaultMaxAge;

    /// <summary>Rows deleted by one statement, 1 to 100,000. Default 1000.</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>How often the job runs, measured from the end of one run, 1 s to 1 day. Default 5 min.</summary>
    public TimeSpan Interval { get; set; } = DefaultInterval;

    /// <summary>Age after which recorded job runs are deleted, 1 min to 365 days. Default 1 day.</summary>
    public TimeSpan JobRunMaxAge { get; set; } = DefaultJobRunMaxAge;

    /// <summary>Age after which per-minute statistics are deleted, 1 day to 3650 days. Default 14 days.</summary>
    public TimeSpan StatisticsMaxAge { get; set; } = DefaultStatisticsMaxAge;

    /// <summary>Adds one failure per invalid value, each named <c>{prefix}:{Property}</c>.</summary>
    public void Validate(string prefix, List<string> failures)
    {
        OptionChecks.Range(failures, $"{prefix}:{nameof(MaxAge)}", MaxAge, TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650));
        OptionChecks.Range(failures, $"{prefix}:{nameof(BatchSize)}", BatchSize, 1, 100_000);
        OptionChecks.Range(failures, $"{prefix}:{nameof(Interval)}", Interval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        OptionChecks.Range(failures, $"{prefix}:{nameof(JobRunMaxAge)}", JobRunMaxAge, TimeSpan.FromMinutes(1), TimeSpan.FromDays(365));
        OptionChecks.Range(
            failures, $"{prefix}:{nameof(StatisticsMaxAge)}", StatisticsMaxAge, TimeSpan.FromDays(1), TimeSpan.FromDays(3650));
    }
}
