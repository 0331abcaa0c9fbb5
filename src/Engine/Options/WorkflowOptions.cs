using Workflow.Engine.Health;
using Workflow.Engine.Scaling;

namespace Workflow.Engine.Options;

/// <summary>
/// Settings of one engine node, bound from the <c>Workflow</c> configuration section. Every value has a
/// default constant and a valid range, checked at start by <see cref="WorkflowOptionsValidator"/>.
/// </summary>
public sealed class WorkflowOptions
{
    public const string SectionName = "Workflow";

    public const string DefaultQueue = "default";
    public const int DefaultMinWorkers = 1;
    public const int DefaultMaxWorkers = 16;
    public const int DefaultPrefetch = 16;
    public const int DefaultLeaseBatchSize = 500;
    public const int DefaultMaxAttempts = 10;
    public const int DefaultRecoveryBatchSize = 1000;
    public const int DefaultMaxErrorMessageLength = 8 * 1024;
    public const int DefaultMaxStackTraceLength = 32 * 1024;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan DefaultNodeStaleAfter = TimeSpan.FromSeconds(7);
    public static readonly TimeSpan DefaultRecoveryInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan DefaultCancellationGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Queues this node leases from. Empty means <c>["default"]</c>, which is filled in after configuration is
    /// bound. The list starts empty because the configuration binder adds configured items to a list's
    /// existing items, so a node configured for <c>["reports"]</c> would also lease <c>default</c>.
    /// </summary>
    public List<string> Queues { get; set; } = [];

    /// <summary>When false, the node only serves the API and runs no work. Default true.</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>
    /// Workers the pool starts with and never retires below, 1 to <see cref="MaxWorkers"/>. Default 1. Unused
    /// while <see cref="ScalingOptions.Enabled"/> is false.
    /// </summary>
    public int MinWorkers { get; set; } = DefaultMinWorkers;

    /// <summary>
    /// Upper bound of concurrently running handlers on this node, 1 to 1024. Default 16. The pool grows up to
    /// this many workers, and runs this many all the time while <see cref="ScalingOptions.Enabled"/> is false.
    /// </summary>
    public int MaxWorkers { get; set; } = DefaultMaxWorkers;

    /// <summary>
    /// Most items of one queue that run at once on this node, keyed by queue name (<c>Workflow:QueueLimits:reports=2</c>),
    /// 1 to 10,000 each. Queues without a limit share the pool freely. A limit on a queue this node does not lease
    /// has no effect, so nodes with different queue lists can share one configuration.
    /// </summary>
    public Dictionary<string, int> QueueLimits { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How the pool grows and shrinks between <see cref="MinWorkers"/> and <see cref="MaxWorkers"/>.</summary>
    public ScalingOptions Scaling { get; set; } = new();

    /// <summary>Thresholds of the health check and where its alerts go.</summary>
    public HealthOptions Health { get; set; } = new();

    /// <summary>
    /// Items leased beyond free workers so a worker that finishes finds the next item in memory, 0 to 10,000.
    /// Default 16.
    /// </summary>
    public int Prefetch { get; set; } = DefaultPrefetch;

    /// <summary>Most items leased by one statement, 1 to 10,000. Default 500.</summary>
    public int LeaseBatchSize { get; set; } = DefaultLeaseBatchSize;

    /// <summary>How often an idle node looks for due work when no notification arrives, 10 ms to 1 min. Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = DefaultPollInterval;

    /// <summary>How often the node row is refreshed and in-flight leases extended, 100 ms to 1 min. Default 2 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = DefaultHeartbeatInterval;

    /// <summary>
    /// How long a lease lasts without a heartbeat, at least twice <see cref="HeartbeatInterval"/>, at most 1 h.
    /// Default 15 s.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = DefaultLeaseDuration;

    /// <summary>
    /// Age of the last heartbeat after which a node is marked dead and its items are recovered, at least twice
    /// <see cref="HeartbeatInterval"/>, at most 1 h. Default 7 s.
    /// </summary>
    public TimeSpan NodeStaleAfter { get; set; } = DefaultNodeStaleAfter;

    /// <summary>
    /// How often the recovery sweep runs, measured from the end of one sweep, 100 ms to 10 min. Default 2 s. The
    /// sweep is a cluster-wide Quartz.NET job, so each interval one node sweeps.
    /// </summary>
    public TimeSpan RecoveryInterval { get; set; } = DefaultRecoveryInterval;

    /// <summary>Most items one recovery sweep releases, 1 to 100,000. Default 1000.</summary>
    public int RecoveryBatchSize { get; set; } = DefaultRecoveryBatchSize;

    /// <summary>
    /// How long a graceful shutdown waits for in-flight work before it cancels it and hands the items back,
    /// 0 to 1 h. Default 15 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = DefaultShutdownTimeout;

    /// <summary>
    /// How long a cancelled handler gets to return before its attempt is recorded without it, 0 to 10 min.
    /// Default 5 s.
    /// </summary>
    public TimeSpan CancellationGrace { get; set; } = DefaultCancellationGrace;

    /// <summary>Max attempts of items submitted without one, 1 to 1000. Default 10.</summary>
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>Per-attempt timeout of items submitted without one, 1 s to 24 h. Default 5 min.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>Stored error messages are cut to this many characters, 256 to 1,000,000. Default 8192.</summary>
    public int MaxErrorMessageLength { get; set; } = DefaultMaxErrorMessageLength;

    /// <summary>Stored stack traces are cut to this many characters, 256 to 1,000,000. Default 32768.</summary>
    public int MaxStackTraceLength { get; set; } = DefaultMaxStackTraceLength;

    /// <summary>Delay policy between attempts of retried failures.</summary>
    public BackoffOptions Backoff { get; set; } = new();

    /// <summary>Circuit breakers of kinds without settings of their own.</summary>
    public Circuits.CircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>
    /// Settings per kind, keyed by kind name (<c>Workflow:Kinds:http.request:CircuitBreaker:BreakDuration</c>). They
    /// take precedence over the kind's own <see cref="Handlers.WorkKindOptions"/>, so operators can tune built-in kinds.
    /// </summary>
    public Dictionary<string, KindSettings> Kinds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The node's Quartz.NET schedulers.</summary>
    public SchedulerOptions Scheduler { get; set; } = new();

    /// <summary>Deletion of old finished items, job runs and statistics.</summary>
    public RetentionOptions Retention { get; set; } = new();

    /// <summary>The per-minute statistics rollup.</summary>
    public StatisticsOptions Statistics { get; set; } = new();
}
