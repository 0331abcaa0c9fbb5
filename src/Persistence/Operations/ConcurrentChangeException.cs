using Workflow.Engine;

namespace Workflow.Persistence.Operations;

/// <summary>Thrown when an operator action lost a race with another change to the same item; nothing was changed.</summary>
public sealed class ConcurrentChangeException(long id, Exception innerException)
    : WorkflowException($"Work item {id} changed while this action ran, so nothing was changed. Read the item and try again.", innerException)
{
    public long WorkItemId { get; } = id;
}
