namespace Workflow.Persistence.Dashboard;

/// <summary>Backlog and recent throughput of one kind in one queue.</summary>
/// <param name="Queue">The queue name.</param>
/// <param name="Kind">The kind name.</param>
/// <param name="Ready">Pending items due now.</param>
/// <param name="Scheduled">Pending items due later, including retries waiting for their backoff.</param>
/// <param name="Running">Items leased by a node.</param>
/// <param name="Succeeded">Attempts that succeeded in the window.</param>
/// <param name="Failed">Attempts that failed, timed out or were abandoned in the window.</param>
public sealed record QueueKindStats(string Queue, string Kind, long Ready, long Scheduled, long Running, long Succeeded, long Failed)
{
    /// <summary>The share of the window's attempts that failed, from 0 to 1, or null without attempts.</summary>
    public double? ErrorRate => Succeeded + Failed == 0 ? null : (double)Failed / (Succeeded + Failed);
}
