namespace Workflow.Engine.Model;

/// <summary>
/// Lifecycle state of a work item. <c>Pending</c> items wait for <c>run_at</c>, <c>Running</c> items are
/// leased by one node, and <c>Succeeded</c>, <c>Dead</c> and <c>Cancelled</c> are final until an operator
/// retries a dead or cancelled item.
/// </summary>
public enum WorkItemState
{
    Pending,
    Running,
    Succeeded,
    Dead,
    Cancelled,
}
