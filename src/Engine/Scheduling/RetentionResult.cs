namespace Workflow.Engine.Scheduling;

/// <summary>What one retention run deleted.</summary>
/// <param name="Items">Finished work items, each with its attempts.</param>
/// <param name="JobRuns">Recorded job runs.</param>
/// <param name="Statistics">Per-minute statistics rows.</param>
internal sealed record RetentionResult(long Items, long JobRuns, long Statistics)
{
    public long Total => Items + JobRuns + Statistics;
}
