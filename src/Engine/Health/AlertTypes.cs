namespace Workflow.Engine.Health;

/// <summary>The <see cref="PoolAlert.Type"/> values.</summary>
public static class AlertTypes
{
    /// <summary>A kind's share of failed attempts within the window reached its threshold.</summary>
    public const string KindErrorRate = "kind_error_rate";

    /// <summary>A worker's share of failed attempts within the window reached its threshold.</summary>
    public const string WorkerErrorRate = "worker_error_rate";

    /// <summary>
    /// A kind's handler threw at least the threshold of exceptions other than <c>WorkFailedException</c> within the window.
    /// </summary>
    public const string UnhandledExceptions = "unhandled_exceptions";

    /// <summary>At least the threshold of attempts run past their timeout.</summary>
    public const string StuckAttempts = "stuck_attempts";
}
