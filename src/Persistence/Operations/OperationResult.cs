namespace Workflow.Persistence.Operations;

/// <summary>What an operator action found: whether the item exists, and its state before the action.</summary>
public sealed record OperationResult(bool Found, string? PreviousState, bool Applied);
