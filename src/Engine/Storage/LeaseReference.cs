namespace Workflow.Engine.Storage;

/// <summary>An item id with the fencing token of the lease this node holds on it.</summary>
public readonly record struct LeaseReference(long WorkItemId, Guid LeaseToken);
