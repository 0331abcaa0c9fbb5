namespace Workflow.Engine.Scaling;

/// <summary>The outcome of one scaling decision.</summary>
/// <param name="From">Workers before the decision.</param>
/// <param name="To">Workers after it; equal to <paramref name="From"/> when the pool keeps its size.</param>
/// <param name="Reason">Why the size changed, or why it did not although a threshold was crossed.</param>
/// <param name="Utilization">Utilization over the measured window, 0 to 1.</param>
/// <param name="NeededForBacklog">Workers that would run the backlog within the target drain time; 0 while throughput is unknown.</param>
public readonly record struct ScalingDecision(int From, int To, ScaleReason Reason, double Utilization, int NeededForBacklog)
{
    public bool Changed => To != From;
}
