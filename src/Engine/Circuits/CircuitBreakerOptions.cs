using Workflow.Engine.Options;

namespace Workflow.Engine.Circuits;

/// <summary>
/// Settings of the circuit breakers of one kind. A breaker opens when, within <see cref="SamplingDuration"/>, at
/// least <see cref="MinimumThroughput"/> attempts ran and the share of them that failed with a retried category
/// (transient, timeout, resource exhausted) reached <see cref="FailureRatio"/>. While it is open, the items of its
/// key are put back without running until the break ends. Then one trial attempt runs. A successful trial closes
/// the breaker, and a failed one opens it again for a longer break.
/// </summary>
/// <remarks>
/// The ranges follow those that Polly v8 accepts for the same settings (Polly.Core 8.9.1).
/// A kind's settings replace the engine's as a whole: a value left out takes the default below, not the engine's.
/// </remarks>
public sealed class CircuitBreakerOptions
{
    public const bool DefaultEnabled = true;
    public const double DefaultFailureRatio = 0.5;
    public const int DefaultMinimumThroughput = 20;
    public const double DefaultBreakDurationFactor = 2.0;
    public static readonly TimeSpan DefaultSamplingDuration = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultBreakDuration = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultMaxBreakDuration = TimeSpan.FromMinutes(5);

    /// <summary>When false, the items of the kind run without a breaker. Default true.</summary>
    public bool Enabled { get; set; } = DefaultEnabled;

    /// <summary>
    /// Share of failed attempts within the sampling window that opens the breaker, above 0 and at most 1.
    /// Default 0.5.
    /// </summary>
    public double FailureRatio { get; set; } = DefaultFailureRatio;

    /// <summary>Attempts the sampling window must hold before the breaker can open, 2 to 1,000,000. Default 20.</summary>
    public int MinimumThroughput { get; set; } = DefaultMinimumThroughput;

    /// <summary>Length of the sliding window over which failures are counted, 0.5 s to 1 day. Default 30 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = DefaultSamplingDuration;

    /// <summary>How long the breaker stays open after it opens from closed, 0.5 s to 1 day. Default 30 s.</summary>
    public TimeSpan BreakDuration { get; set; } = DefaultBreakDuration;

    /// <summary>
    /// Growth of the break after each failed trial in a row: the n-th reopening lasts
    /// <c>min(MaxBreakDuration, BreakDuration * BreakDurationFactor^n)</c>. 1 (no growth) to 10. Default 2.
    /// </summary>
    public double BreakDurationFactor { get; set; } = DefaultBreakDurationFactor;

    /// <summary>Longest break, at least <see cref="BreakDuration"/>, at most 1 day. Default 5 min.</summary>
    public TimeSpan MaxBreakDuration { get; set; } = DefaultMaxBreakDuration;

    /// <summary>Returns the break that follows <paramref name="failedTrials"/> failed trials in a row (0 when opening from closed).</summary>
    public TimeSpan BreakDurationAfter(int failedTrials)
    {
        var raw = BreakDuration.Ticks * Math.Pow(BreakDurationFactor, Math.Max(0, failedTrials));
        var capped = double.IsFinite(raw) ? Math.Min(raw, MaxBreakDuration.Ticks) : MaxBreakDuration.Ticks;
        return TimeSpan.FromTicks((long)Math.Max(capped, BreakDuration.Ticks));
    }

    /// <summary>Adds one failure per invalid value, each named <c>{prefix}:{Property}</c>.</summary>
    public void Validate(string prefix, List<string> failures)
    {
        if (FailureRatio is <= 0 or > 1 || double.IsNaN(FailureRatio))
        {
            failures.Add($"{prefix}:{nameof(FailureRatio)} is {FailureRatio}; it must be above 0 and at most 1.");
        }

        OptionChecks.Range(failures, $"{prefix}:{nameof(MinimumThroughput)}", MinimumThroughput, 2, 1_000_000);
        OptionChecks.Range(failures, $"{prefix}:{nameof(SamplingDuration)}", SamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        OptionChecks.Range(failures, $"{prefix}:{nameof(BreakDuration)}", BreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        OptionChecks.Range(failures, $"{prefix}:{nameof(BreakDurationFactor)}", BreakDurationFactor, 1.0, 10.0);
        OptionChecks.Range(failures, $"{prefix}:{nameof(MaxBreakDuration)}", MaxBreakDuration, BreakDuration, TimeSpan.FromDays(1));
    }
}
