using Workflow.Engine.Scaling;

namespace Workflow.Tests.Unit.Scaling;

public sealed class ScalingPolicyTests
{
    private static readonly ScalingOptions Options = new()
    {
        TargetDrainTime = TimeSpan.FromSeconds(10),
        ScaleUpUtilization = 0.75,
        ScaleDownUtilization = 0.25,
        ScaleDownDelay = TimeSpan.FromSeconds(30),
        ScaleUpFactor = 2,
        Cooldown = TimeSpan.FromSeconds(5),
    };

    /// <summary>
    /// A one-second window of a pool of <paramref name="workers"/>, each busy for <paramref name="utilization"/> of
    /// it, that completed <paramref name="completions"/> attempts.
    /// </summary>
    private static ScalingInput Window(
        int workers,
        double utilization,
        long completions,
        long backlog,
        int min = 1,
        int max = 16,
        TimeSpan? lowFor = null,
        TimeSpan? sinceLastEvent = null,
        TimeSpan? longestRunning = null)
        => new(
            workers,
            min,
            max,
            backlog,
            TimeSpan.FromSeconds(1),
            BusySeconds: workers * utilization,
            WorkerSeconds: workers,
            completions,
            longestRunning ?? TimeSpan.Zero,
            lowFor ?? TimeSpan.Zero,
            sinceLastEvent);

    [Fact]
    public void Decide_BusyPoolWithLargeBacklog_GrowsByFactor()
    {
        // One busy worker completes 1 attempt per second, so 100 items need 10 workers for a 10 s drain.
        var decision = ScalingPolicy.Decide(Window(workers: 2, utilization: 1, completions: 2, backlog: 100), Options);

        Assert.Equal(ScaleReason.Backlog, decision.Reason);
        Assert.Equal(10, decision.NeededForBacklog);
        Assert.Equal(4, decision.To);
    }

    [Fact]
    public void Decide_BacklogNeedsFewerThanFactor_GrowsToNeeded()
    {
        // 2 workers at 1 attempt per second each: 30 items need 3 workers.
        var decision = ScalingPolicy.Decide(Window(workers: 2, utilization: 1, completions: 2, backlog: 30), Options);

        Assert.Equal(3, decision.To);
    }

    [Fact]
    public void Decide_GrowthBeyondMax_StopsAtMax()
    {
        var decision = ScalingPolicy.Decide(Window(workers: 12, utilization: 1, completions: 12, backlog: 10_000), Options);

        Assert.Equal(16, decision.To);
    }

    [Fact]
    public void Decide_AtMax_KeepsSize()
    {
        var decision = ScalingPolicy.Decide(Window(workers: 16, utilization: 1, completions: 16, backlog: 10_000), Options);

        Assert.False(decision.Changed);
        Assert.Equal(ScaleReason.None, decision.Reason);
    }

    [Fact]
    public void Decide_FactorOne_GrowsByOneWorker()
    {
        var options = new ScalingOptions { ScaleUpFactor = 1, TargetDrainTime = TimeSpan.FromSeconds(10) };

        var decision = ScalingPolicy.Decide(Window(workers: 3, utilization: 1, completions: 3, backlog: 1000), options);

        Assert.Equal(4, decision.To);
    }

    [Fact]
    public void Decide_BacklogDrainedWithinTarget_KeepsSize()
    {
        // 4 workers at 1 attempt per second drain 40 items in 10 s.
        var decision = ScalingPolicy.Decide(Window(workers: 4, utilization: 1, completions: 4, backlog: 40), Options);

        Assert.False(decision.Changed);
        Assert.Equal(4, decision.NeededForBacklog);
    }

    [Fact]
    public void Decide_BacklogButIdleWorkers_KeepsSize()
    {
        // Utilization 0.5 is below the scale-up threshold: something other than the pool delays the work.
        var decision = ScalingPolicy.Decide(Window(workers: 4, utilization: 0.5, completions: 2, backlog: 1000), Options);

        Assert.False(decision.Changed);
    }

    [Fact]
    public void Decide_NoCompletionsButLongRunningAttempt_UsesItsAgeAsDuration()
    {
        // The oldest attempt has run 20 s, so each item takes at least that: 3 items need 6 workers for a 10 s drain.
        var input = Window(workers: 1, utilization: 1, completions: 0, backlog: 3, longestRunning: TimeSpan.FromSeconds(20));

        var decision = ScalingPolicy.Decide(input, Options);

        Assert.Equal(6, decision.NeededForBacklog);
        Assert.Equal(2, decision.To);
    }

    [Fact]
    public void Decide_NoCompletions_GrowsPerWaitingItem()
    {
        // Attempts have run 1 s and none ended: their age alone would ask for 2 workers for 50 waiting items.
        var input = Window(workers: 4, utilization: 1, completions: 0, backlog: 50, longestRunning: TimeSpan.FromSeconds(1));

        var decision = ScalingPolicy.Decide(input, Options);

        Assert.Equal(54, decision.NeededForBacklog);
        Assert.Equal(8, decision.To);
    }

    [Fact]
    public void Decide_NothingRan_KeepsSize()
    {
        var decision = ScalingPolicy.Decide(Window(workers: 1, utilization: 0, completions: 0, backlog: 500), Options);

        Assert.Equal(0, decision.NeededForBacklog);
        Assert.False(decision.Changed);
    }

    [Fact]
    public void Decide_ScaleUpWithinCooldown_KeepsSizeAndSaysCooldown()
    {
        var input = Window(workers: 2, utilization: 1, completions: 2, backlog: 100, sinceLastEvent: TimeSpan.FromSeconds(1));

        var decision = ScalingPolicy.Decide(input, Options);

        Assert.False(decision.Changed);
        Assert.Equal(ScaleReason.Cooldown, decision.Reason);
    }

    [Fact]
    public void Decide_ScaleUpAfterCooldown_Grows()
    {
        var input = Window(workers: 2, utilization: 1, completions: 2, backlog: 100, sinceLastEvent: TimeSpan.FromSeconds(5));

        Assert.Equal(4, ScalingPolicy.Decide(input, Options).To);
    }

    [Fact]
    public void Decide_IdleLongEnough_ShrinksToMin()
    {
        var input = Window(workers: 8, utilization: 0, completions: 0, backlog: 0, min: 2, lowFor: TimeSpan.FromSeconds(30));

        var decision = ScalingPolicy.Decide(input, Options);

        Assert.Equal(ScaleReason.LowUtilization, decision.Reason);
        Assert.Equal(2, decision.To);
    }

    [Fact]
    public void Decide_LowButNotForLong_KeepsSize()
    {
        var input = Window(workers: 8, utilization: 0, completions: 0, backlog: 0, lowFor: TimeSpan.FromSeconds(29));

        Assert.False(ScalingPolicy.Decide(input, Options).Changed);
    }

    [Fact]
    public void Decide_LowUtilization_KeepsWorkersForLoad()
    {
        // 16 workers at 0.2 utilization are 3.2 busy workers on average; at the midpoint utilization of 0.5 that
        // load needs 7 workers.
        var input = Window(workers: 16, utilization: 0.2, completions: 32, backlog: 0, lowFor: TimeSpan.FromMinutes(1));

        var decision = ScalingPolicy.Decide(input, Options);

        Assert.Equal(7, decision.To);
    }

    [Fact]
    public void Decide_LowUtilizationWithinCooldown_KeepsSizeAndSaysCooldown()
    {
        var input = Window(workers: 8, utilization: 0, completions: 0, backlog: 0, lowFor: TimeSpan.FromMinutes(1),
            sinceLastEvent: TimeSpan.FromSeconds(2));

        var decision = ScalingPolicy.Decide(input, Options);

        Assert.False(decision.Changed);
        Assert.Equal(ScaleReason.Cooldown, decision.Reason);
    }

    [Fact]
    public void Decide_AtMinAndIdle_KeepsSize()
    {
        var input = Window(workers: 1, utilization: 0, completions: 0, backlog: 0, lowFor: TimeSpan.FromMinutes(5));

        var decision = ScalingPolicy.Decide(input, Options);

        Assert.False(decision.Changed);
        Assert.Equal(ScaleReason.None, decision.Reason);
    }

    [Fact]
    public void Decide_LowUtilizationButBacklogNeedsWorkers_KeepsThem()
    {
        // Throughput of 10 attempts per busy second: 600 items need 6 workers for a 10 s drain.
        var input = Window(workers: 8, utilization: 0.1, completions: 8, backlog: 600, lowFor: TimeSpan.FromMinutes(1));

        var decision = ScalingPolicy.Decide(input, Options);

        Assert.Equal(6, decision.NeededForBacklog);
        Assert.Equal(6, decision.To);
    }

    [Fact]
    public void Decide_EmptyWindow_HasZeroUtilization()
    {
        var input = new ScalingInput(1, 1, 4, 0, TimeSpan.Zero, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero, null);

        var decision = ScalingPolicy.Decide(input, Options);

        Assert.Equal(0, decision.Utilization);
        Assert.False(decision.Changed);
    }
}
