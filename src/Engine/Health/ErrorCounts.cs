namespace Workflow.Engine.Health;

/// <summary>Attempts counted within a health window.</summary>
/// <param name="Attempts">Attempts that ran a handler and ended as succeeded, failed or timed out.</param>
/// <param name="Failures">Those that failed or timed out.</param>
/// <param name="Unhandled">Failures whose handler threw an exception other than <see cref="Handlers.WorkFailedException"/>.</param>
internal readonly record struct ErrorCounts(long Attempts, long Failures, long Unhandled)
{
    /// <summary>Failures divided by attempts; 0 without attempts.</summary>
    public double ErrorRate => Attempts > 0 ? (double)Failures / Attempts : 0;
}
