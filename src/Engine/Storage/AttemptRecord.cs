using Workflow.Engine.Model;

namespace Workflow.Engine.Storage;

/// <summary>
/// The outcome of one attempt as the node writes it: the attempt row to insert and the item's next state.
/// The write is fenced by <see cref="LeaseToken"/>; a record whose token no longer matches changes nothing
/// on the item and is stored as an <see cref="AttemptOutcome.Abandoned"/> attempt instead.
/// </summary>
public sealed record AttemptRecord(
    long WorkItemId,
    Guid LeaseToken,
    int Attempt,
    AttemptOutcome Outcome,
    WorkItemState NextState,
    DateTimeOffset? NextRunAt,
    bool CountsAsFailure,
    string? ResultJson,
    AttemptError? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt)
{
    /// <summary>
    /// False for an item that was leased but never handed to a handler (released at shutdown): no attempt row
    /// is stored and the item's attempt counter goes back by one.
    /// </summary>
    public bool Started { get; init; } = true;

    /// <summary>
    /// True when the handler threw an exception other than <see cref="Handlers.WorkFailedException"/>, so its
    /// category was inferred. Not stored; the node's health check counts it.
    /// </summary>
    public bool Unhandled { get; init; }

    /// <summary>
    /// When the item became due (its <c>run_at</c> at the lease), stored on the attempt so queue wait can be read from
    /// the attempt alone. Sent by the node, which read it at the lease, so the write does not look the item up again.
    /// </summary>
    public DateTimeOffset? DueAt { get; init; }
}

/// <summary>The error of a failed attempt, already truncated to the stored limits.</summary>
public sealed record AttemptError(ErrorCategory Category, string Type, string Message, string? StackTrace);
