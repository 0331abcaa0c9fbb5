namespace Workflow.Engine.Scaling;

/// <summary>One change of the pool's size, as the node snapshot keeps it.</summary>
/// <param name="At">When the pool changed size.</param>
/// <param name="From">Workers before.</param>
/// <param name="To">Workers after.</param>
/// <param name="Reason"><see cref="ScaleReason.Backlog"/> or <see cref="ScaleReason.LowUtilization"/>.</param>
/// <param name="Backlog">The backlog the decision measured.</param>
/// <param name="Utilization">Utilization over the window before the decision, 0 to 1.</param>
public sealed record ScaleEvent(DateTimeOffset At, int From, int To, ScaleReason Reason, long Backlog, double Utilization);
