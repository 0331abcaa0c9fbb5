namespace Workflow.Engine.Scaling;

/// <summary>The scaler's state in the node snapshot.</summary>
/// <param name="Enabled">False when the pool runs a fixed <c>MaxWorkers</c> workers.</param>
/// <param name="Backlog">The backlog the last decision measured; null before the first one.</param>
/// <param name="MeasuredAt">When that backlog was measured.</param>
/// <param name="Utilization">Utilization over the window before the last decision, 0 to 1.</param>
/// <param name="ScaleUps">Scale-ups since the node started.</param>
/// <param name="ScaleDowns">Scale-downs since the node started.</param>
/// <param name="Events">The last <see cref="PoolScaler.MaxEventsInSnapshot"/> scale events, oldest first.</param>
public sealed record ScalingSnapshot(
    bool Enabled,
    long? Backlog,
    DateTimeOffset? MeasuredAt,
    double? Utilization,
    long ScaleUps,
    long ScaleDowns,
    IReadOnlyList<ScaleEvent> Events);
