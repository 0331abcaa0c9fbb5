using Workflow.Engine;

namespace Workflow.Persistence.Submission;

/// <summary>
/// Thrown when an idempotency key is already used by an item submitted with a different request. Nothing
/// from the submission is stored.
/// </summary>
public sealed class IdempotencyConflictException(int index, string idempotencyKey, long existingId)
    : WorkflowException($"The idempotency key '{idempotencyKey}' is already used by work item {existingId}, which was submitted with a different request. Use a new key for a different request.")
{
    /// <summary>Position of the conflicting item in the submission (0 for a single item).</summary>
    public int Index { get; } = index;

    public string IdempotencyKey { get; } = idempotencyKey;

    public long ExistingId { get; } = existingId;
}
