using Workflow.Engine;

namespace Workflow.Persistence.Submission;

/// <summary>
/// Thrown when an idempotency key is already used by an item submitted with a different request, or by an
/// earlier item of the same submission with a different request. Nothing from the submission is stored.
/// </summary>
public sealed class IdempotencyConflictException : WorkflowException
{
    public IdempotencyConflictException(int index, string idempotencyKey, long existingId)
        : base($"The idempotency key '{idempotencyKey}' is already used by work item {existingId}, which was submitted with a different request. Use a new key for a different request.")
    {
        Index = index;
        IdempotencyKey = idempotencyKey;
        ExistingId = existingId;
    }

    private IdempotencyConflictException(int index, string idempotencyKey, string message)
        : base(message)
    {
        Index = index;
        IdempotencyKey = idempotencyKey;
    }

    /// <summary>Position of the conflicting item in the submission (0 for a single item).</summary>
    public int Index { get; }

    public string IdempotencyKey { get; }

    /// <summary>The stored item that owns the key; null when the owner is an earlier item of the same submission.</summary>
    public long? ExistingId { get; }

    /// <summary>
    /// Creates the conflict between two items of one submission. The earlier item is rolled back with the
    /// rest, so there is no stored item to name.
    /// </summary>
    public static IdempotencyConflictException WithinSubmission(int index, string idempotencyKey, int earlierIndex) => new(
        index,
        idempotencyKey,
        $"The idempotency key '{idempotencyKey}' is used by items {earlierIndex} and {index} of this submission with different requests. Give them different keys, or send the same request.");
}
