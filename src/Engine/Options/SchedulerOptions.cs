namespace Workflow.Engine.Options;

/// <summary>
/// Settings of the node's two Quartz.NET schedulers, bound from <c>Workflow:Scheduler</c>. The cluster-wide scheduler
/// keeps its triggers in the shared database, so each firing of a cluster-wide job runs on one node only.
/// </summary>
public sealed class SchedulerOptions
{
    public const int DefaultClusterThreadCount = 2;
    public const int MaxClusterThreadCount = 4;
    public const int DefaultNodeThreadCount = 2;
    public static readonly TimeSpan DefaultClusterCheckinInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultClusterCheckinMisfireThreshold = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultMisfireThreshold = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Cluster-wide jobs this node runs at once, 1 to 4. Default 2. The scheduler's connection pool is sized for the
    /// maximum, so the range is small.
    /// </summary>
    public int ClusterThreadCount { get; set; } = DefaultClusterThreadCount;

    /// <summary>Per-node jobs this node runs at once, 1 to 16. Default 2.</summary>
    public int NodeThreadCount { get; set; } = DefaultNodeThreadCount;

    /// <summary>
    /// How often the cluster-wide scheduler records in the database that it is alive, 100 ms to 1 min. Default 2 s.
    /// </summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = DefaultClusterCheckinInterval;

    /// <summary>
    /// How long past a missed check-in the other nodes wait before they take over the triggers a node had
    /// acquired, 100 ms to 10 min. Default 5 s. A dead node's triggers are free again after about
    /// twice <see cref="ClusterCheckinInterval"/> plus this; a live node that pauses longer than this (a long GC,
    /// a suspended VM) loses the triggers it held.
    /// </summary>
    public TimeSpan ClusterCheckinMisfireThreshold { get; set; } = DefaultClusterCheckinMisfireThreshold;

    /// <summary>
    /// How late a trigger may fire before it counts as misfired, 1 s to 1 h. Default 10 s. A misfired periodic job
    /// fires once, right away, and then keeps its interval from there, so missed firings are never run one after another.
    /// </summary>
    public TimeSpan MisfireThreshold { get; set; } = DefaultMisfireThreshold;

    /// <summary>Adds one failure per invalid value, each named <c>{prefix}:{Property}</c>.</summary>
    public void Validate(string prefix, List<string> failures)
    {
        OptionChecks.Range(failures, $"{prefix}:{nameof(ClusterThreadCount)}", ClusterThreadCount, 1, MaxClusterThreadCount);
        OptionChecks.Range(failures, $"{prefix}:{nameof(NodeThreadCount)}", NodeThreadCount, 1, 16);
        OptionChecks.Range(
            failures, $"{prefix}:{nameof(ClusterCheckinInterval)}", ClusterCheckinInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        OptionChecks.Range(
            failures,
            $"{prefix}:{nameof(ClusterCheckinMisfireThreshold)}",
            ClusterCheckinMisfireThreshold,
            TimeSpan.FromMilliseconds(100),
            TimeSpan.FromMinutes(10));
        OptionChecks.Range(failures, $"{prefix}:{nameof(MisfireThreshold)}", MisfireThreshold, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
    }
}
