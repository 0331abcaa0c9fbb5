namespace Workflow.Engine.Scaling;

/// <summary>What the scaler measured over the window since its previous decision, for <see cref="ScalingPolicy.Decide"/>.</summary>
/// <param name="Workers">Workers the pool has now.</param>
/// <param name="MinWorkers">Lower bound of the pool.</param>
/// <param name="MaxWorkers">Upper bound of the pool.</param>
/// <param name="Backlog">
/// Due items this node could start now: pending ones in its queues, capped, plus those it leased but has not started.
/// </param>
/// <param name="Elapsed">Length of the window.</param>
/// <param name="BusySeconds">Worker-seconds spent running attempts within the window.</param>
/// <param name="WorkerSeconds">Worker-seconds the pool had within the window.</param>
/// <param name="Completions">Attempts that ran a handler and ended within the window.</param>
/// <param name="LongestRunning">Age of the oldest attempt still running, zero when none runs.</param>
/// <param name="LowUtilizationFor">
/// How long utilization has stayed below the scale-down threshold, this window included, or zero when it is not low now.
/// </param>
/// <param name="SinceLastScaleEvent">Time since the pool last grew or shrank; null when it never did.</param>
public readonly record struct ScalingInput(
    int Workers,
    int MinWorkers,
    int MaxWorkers,
    long Backlog,
    TimeSpan Elapsed,
    double BusySeconds,
    double WorkerSeconds,
    long Completions,
    TimeSpan LongestRunning,
    TimeSpan LowUtilizationFor,
    TimeSpan? SinceLastScaleEvent)
{
    /// <summary>Busy worker-seconds divided by available worker-seconds, 0 to 1; 0 for an empty window.</summary>
    public double Utilization => WorkerSeconds > 0 ? Math.Clamp(BusySeconds / WorkerSeconds, 0, 1) : 0;
}
