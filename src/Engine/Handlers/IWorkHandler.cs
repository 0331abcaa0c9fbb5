namespace Workflow.Engine.Handlers;

/// <summary>
/// Runs the work items of one kind. Delivery is at least once: an attempt may run again after a crash or a
/// lost lease, so a handler with side effects uses <see cref="WorkContext.WorkItemId"/> or the item's
/// idempotency key to make a repeat safe.
/// </summary>
/// <typeparam name="TPayload">The payload type, deserialized from the item's JSON payload.</typeparam>
public interface IWorkHandler<in TPayload>
{
    /// <summary>
    /// Runs one attempt. The returned value is stored as the item's JSON result. Throwing fails the attempt:
    /// <see cref="WorkFailedException"/> sets the error category and an optional retry delay, and any other
    /// exception counts as transient. <paramref name="cancellationToken"/> fires on the attempt's timeout,
    /// an operator's cancel, a lost lease or shutdown.
    /// </summary>
    Task<object?> HandleAsync(TPayload payload, WorkContext context, CancellationToken cancellationToken);
}
