using Workflow.Engine.Pool;
using Workflow.Engine.Storage;
using Workflow.Engine.Tracing;

namespace Workflow.Engine.Metrics;

/// <summary>
/// Wraps each handler run that the circuit breaker let through: counts the start, records the queue wait and the
/// duration, and runs the handler inside the attempt's span.
/// </summary>
internal sealed class AttemptObserver(WorkflowMetrics metrics, NodeIdentity node, TimeProvider timeProvider)
{
    public async Task<AttemptRecord> RunAsync(InFlightAttempt attempt, Func<InFlightAttempt, Task<AttemptRecord>> run)
    {
        var item = attempt.Item;
        var queueWait = timeProvider.GetUtcNow() - item.DueAt;
        metrics.AttemptStarted(item, queueWait);

        using var activity = WorkflowTracing.StartAttempt(item, node.NodeId);
        AttemptRecord record;
        try
        {
            record = await run(attempt).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            WorkflowTracing.SetException(activity, ex);
            throw;
        }

        metrics.AttemptFinished(item, record);
        WorkflowTracing.SetOutcome(activity, record);
        return record;
    }
}
