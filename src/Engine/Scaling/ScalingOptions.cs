using Workflow.Engine.Options;

namespace Workflow.Engine.Scaling;

/// <summary>
/// Settings of the adaptive worker pool, bound from <c>Workflow:Scaling</c>. The pool starts with
/// <see cref="WorkflowOptions.MinWorkers"/> workers. It grows when the due backlog of its queues would take its
/// workers longer than <see cref="TargetDrainTime"/> and they are busy, and it shrinks when utilization stays below
/// <see cref="ScaleDownUtilization"/> for <see cref="ScaleDownDelay"/>. Workers retire only between attempts.
/// </summary>
public sealed class ScalingOptions
{
    public const bool DefaultEnabled = true;
    public const double DefaultScaleUpUtilization = 0.75;
    public const double DefaultScaleDownUtilization = 0.25;
    public const double DefaultScaleUpFactor = 4.0;
    public const int DefaultBacklogCountLimit = 10_000;
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultTargetDrainTime = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultCooldown = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultScaleDownDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When false, the pool runs <see cref="WorkflowOptions.MaxWorkers"/> workers all the time and no scaling
    /// decisions are made. Default true.
    /// </summary>
    public bool Enabled { get; set; } = DefaultEnabled;

    /// <summary>How often the scaling decision runs, 100 ms to 10 min. Default 1 s.</summary>
    public TimeSpan Interval { get; set; } = DefaultInterval;

    /// <summary>
    /// The pool grows when its workers, at their measured throughput, would need longer than this to run the due
    /// backlog of the node's queues. 100 ms to 1 h. Default 10 s.
    /// </summary>
    public TimeSpan TargetDrainTime { get; set; } = DefaultTargetDrainTime;

    /// <summary>
    /// Minimum utilization (busy workers divided by workers, averaged since the previous decision) at which the pool
    /// grows, above <see cref="ScaleDownUtilization"/> and at most 1. Idle workers next to a backlog mean that
    /// something other than the pool delays the work, such as a queue limit, so more workers would not help. Default 0.75.
    /// </summary>
    public double ScaleUpUtilization { get; set; } = DefaultScaleUpUtilization;

    /// <summary>Utilization below which the pool shrinks, 0 to below <see cref="ScaleUpUtilization"/>. Default 0.25.</summary>
    public double ScaleDownUtilization { get; set; } = DefaultScaleDownUtilization;

    /// <summary>
    /// How long utilization must stay below <see cref="ScaleDownUtilization"/> before workers retire, so a short
    /// lull does not shrink a pool that the next burst needs again. 0 to 1 h. Default 30 s.
    /// </summary>
    public TimeSpan ScaleDownDelay { get; set; } = DefaultScaleDownDelay;

    /// <summary>
    /// Largest growth of one scale-up: the pool grows to at most its workers times this factor, and by at least one
    /// worker. 1 to 16. Default 4.
    /// </summary>
    public double ScaleUpFactor { get; set; } = DefaultScaleUpFactor;

    /// <summary>Least time between two scale events, 0 to 1 h. Default 1 s.</summary>
    public TimeSpan Cooldown { get; set; } = DefaultCooldown;

    /// <summary>
    /// The backlog count stops at this many items per queue, so the count stays cheap however deep a queue is.
    /// 1 to 1,000,000. Default 10,000.
    /// </summary>
    public int BacklogCountLimit { get; set; } = DefaultBacklogCountLimit;

    /// <summary>Adds one failure per invalid value, each named <c>{prefix}:{Property}</c>.</summary>
    public void Validate(string prefix, List<string> failures)
    {
        OptionChecks.Range(failures, $"{prefix}:{nameof(Interval)}", Interval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        OptionChecks.Range(
            failures, $"{prefix}:{nameof(TargetDrainTime)}", TargetDrainTime, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        OptionChecks.Range(failures, $"{prefix}:{nameof(ScaleDownDelay)}", ScaleDownDelay, TimeSpan.Zero, TimeSpan.FromHours(1));
        OptionChecks.Range(failures, $"{prefix}:{nameof(Cooldown)}", Cooldown, TimeSpan.Zero, TimeSpan.FromHours(1));
        OptionChecks.Range(failures, $"{prefix}:{nameof(ScaleUpFactor)}", ScaleUpFactor, 1.0, 16.0);
        OptionChecks.Range(failures, $"{prefix}:{nameof(BacklogCountLimit)}", BacklogCountLimit, 1, 1_000_000);

        if (ScaleUpUtilization is <= 0 or > 1 || double.IsNaN(ScaleUpUtilization))
        {
            failures.Add($"{prefix}:{nameof(ScaleUpUtilization)} is {ScaleUpUtilization}; it must be above 0 and at most 1.");
        }

        if (ScaleDownUtilization < 0 || ScaleDownUtilization >= ScaleUpUtilization || double.IsNaN(ScaleDownUtilization))
        {
            failures.Add($"{prefix}:{nameof(ScaleDownUtilization)} is {ScaleDownUtilization}; it must be at least 0 and below " +
                $"{nameof(ScaleUpUtilization)} ({ScaleUpUtilization}).");
        }
    }
}
