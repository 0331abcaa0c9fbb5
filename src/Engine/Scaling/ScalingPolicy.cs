namespace Workflow.Engine.Scaling;

/// <summary>
/// The scaling decision as a pure function of what the pool measured, so it can be tested without a clock or a
/// database. The pool grows when the backlog needs more workers than it has and the workers are busy, and shrinks
/// when utilization stays low. Growth is bounded by <see cref="ScalingOptions.ScaleUpFactor"/>, shrinking keeps
/// enough workers for the measured load, and neither happens within <see cref="ScalingOptions.Cooldown"/> of the
/// previous change.
/// </summary>
internal static class ScalingPolicy
{
    public static ScalingDecision Decide(ScalingInput input, ScalingOptions options)
    {
        var current = input.Workers;
        var utilization = input.Utilization;
        var needed = NeededForBacklog(input, options.TargetDrainTime);
        var coolingDown = input.SinceLastScaleEvent is { } since && since < options.Cooldown;

        if (needed > current && utilization >= options.ScaleUpUtilization && current < input.MaxWorkers)
        {
            if (coolingDown)
            {
                return new ScalingDecision(current, current, ScaleReason.Cooldown, utilization, needed);
            }

            var growthLimit = Math.Max(current + 1, (int)Math.Min(Math.Ceiling(current * options.ScaleUpFactor), int.MaxValue));
            var grown = Math.Min(input.MaxWorkers, Math.Min(needed, growthLimit));
            return new ScalingDecision(current, grown, ScaleReason.Backlog, utilization, needed);
        }

        var lowForLongEnough = utilization < options.ScaleDownUtilization && input.LowUtilizationFor >= options.ScaleDownDelay;
        if (lowForLongEnough && current > input.MinWorkers && needed < current)
        {
            var shrunk = Math.Max(input.MinWorkers, Math.Max(needed, WorkersForLoad(input, options)));
            if (shrunk >= current)
            {
                return new ScalingDecision(current, current, ScaleReason.None, utilization, needed);
            }

            if (coolingDown)
            {
                return new ScalingDecision(current, current, ScaleReason.Cooldown, utilization, needed);
            }

            return new ScalingDecision(current, shrunk, ScaleReason.LowUtilization, utilization, needed);
        }

        return new ScalingDecision(current, current, ScaleReason.None, utilization, needed);
    }

    /// <summary>
    /// Returns the workers that would run <see cref="ScalingInput.Backlog"/> within <paramref name="target"/>, or 0
    /// while no attempt ran and throughput is unknown. Seconds per attempt are busy worker-seconds per completed
    /// attempt. When attempts ran but none ended within the window, the age of the oldest running attempt is
    /// used as its duration, which can only be longer, and the pool may grow to a worker per waiting item.
    /// </summary>
    internal static int NeededForBacklog(ScalingInput input, TimeSpan target)
    {
        double secondsPerAttempt;
        if (input.Completions > 0)
        {
            secondsPerAttempt = input.BusySeconds / input.Completions;
        }
        else if (input.LongestRunning > TimeSpan.Zero)
        {
            secondsPerAttempt = input.LongestRunning.TotalSeconds;
        }
        else
        {
            return 0;
        }

        var workers = Math.Ceiling(input.Backlog * secondsPerAttempt / target.TotalSeconds);
        if (input.Completions == 0 && input.Backlog > 0)
        {
            // No attempt ended within the window, so the running age is only a lower bound of the duration, and it
            // grows by one second per second: a burst of long items would add workers one slow step at a time. A
            // worker for each waiting item is the most the backlog can use.
            workers = Math.Max(workers, input.Workers + (double)input.Backlog);
        }

        return (int)Math.Clamp(workers, 0, int.MaxValue);
    }

    /// <summary>
    /// Returns the workers at which the measured load would sit halfway between the two utilization thresholds, so
    /// a pool that shrank is not at once busy enough to grow again.
    /// </summary>
    private static int WorkersForLoad(ScalingInput input, ScalingOptions options)
    {
        var averageBusy = input.Elapsed > TimeSpan.Zero ? input.BusySeconds / input.Elapsed.TotalSeconds : 0;
        var midpoint = (options.ScaleUpUtilization + options.ScaleDownUtilization) / 2;
        return (int)Math.Clamp(Math.Ceiling(averageBusy / midpoint), 0, int.MaxValue);
    }
}
