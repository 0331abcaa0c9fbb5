using Workflow.Engine.Options;

namespace Workflow.Engine.Retry;

/// <summary>Computes retry delays from <see cref="BackoffOptions"/>.</summary>
public static class Backoff
{
    /// <summary>
    /// Returns the delay before the retry that follows failed attempt <paramref name="failedAttempts"/>
    /// (1 for the first failure). Defined for every value up to <see cref="int.MaxValue"/>: the exponent is
    /// computed in floating point and the result is clamped to the cap, so it never overflows or goes negative.
    /// <paramref name="randomShare"/> is a value in [0, 1) that picks the jitter, such as
    /// <see cref="Random.NextDouble"/> of <see cref="Random.Shared"/>.
    /// </summary>
    public static TimeSpan Delay(BackoffOptions options, int failedAttempts, double randomShare)
    {
        var exponent = failedAttempts <= 1 ? 0 : failedAttempts - 1;
        var capTicks = (double)options.Cap.Ticks;
        var raw = options.BaseDelay.Ticks * Math.Pow(options.Factor, exponent);

        // A power that overflows is infinite, and a zero base delay times infinity is NaN, which must stay zero
        // instead of jumping to the cap.
        var capped = Math.Min(raw, capTicks);
        if (options.BaseDelay == TimeSpan.Zero)
        {
            capped = 0.0;
        }

        var jittered = capped * (1.0 - (options.Jitter * Math.Clamp(randomShare, 0.0, 1.0)));
        return TimeSpan.FromTicks((long)Math.Max(0.0, jittered));
    }
}
