using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Workflow.Engine.Handlers;
using Workflow.Engine.Logging;
using Workflow.Engine.Metrics;
using Workflow.Engine.Model;
using Workflow.Engine.Options;
using Workflow.Engine.Pool;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Circuits;

/// <summary>
/// Runs a leased attempt behind its circuit breaker, or puts the item back when the breaker does not let it run.
/// A put-back item burns no attempt: no attempt row is stored, its attempt counter goes back by one, its failure
/// count stays, and it is due again when the break ends.
/// </summary>
internal sealed class CircuitGate(
    CircuitRegistry circuits,
    HandlerRegistry handlers,
    KindPolicies policies,
    NodeIdentity node,
    TimeProvider timeProvider,
    ILogger<CircuitGate> logger,
    WorkflowMetrics metrics)
{
    public async Task<AttemptRecord> RunAsync(InFlightAttempt attempt, Func<InFlightAttempt, Task<AttemptRecord>> run)
    {
        var item = attempt.Item;
        var options = policies.CircuitBreakerFor(item.Kind);
        if (!options.Enabled || !handlers.TryGet(item.Kind, out var registration))
        {
            return await run(attempt).ConfigureAwait(false);
        }

        var key = new CircuitKey(item.Kind, registration.GetCircuitKey(item.Payload) ?? item.Kind);
        var circuit = circuits.Enter(key, options);
        var context = ResilienceContextPool.Shared.Get(CancellationToken.None);
        try
        {
            var outcome = await circuit.Pipeline.ExecuteOutcomeAsync(
                static async (_, state) => Outcome.FromResult(await state.run(state.attempt).ConfigureAwait(false)),
                context,
                (run, attempt)).ConfigureAwait(false);

            if (outcome.Exception is BrokenCircuitException broken)
            {
                return Defer(attempt, circuit, broken.RetryAfter);
            }

            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            circuit.Exit();
        }
    }

    /// <summary>
    /// Builds the record that hands the item back, due when the break ends. An isolated breaker has no end, so its
    /// items are checked again after one break duration.
    /// </summary>
    private AttemptRecord Defer(InFlightAttempt attempt, Circuit circuit, TimeSpan? remainingBreak)
    {
        var item = attempt.Item;
        var now = timeProvider.GetUtcNow();
        var wait = remainingBreak is { } remaining && remaining > TimeSpan.Zero ? remaining : circuit.Options.BreakDuration;
        var runAt = now + wait;
        circuit.CountDeferred();
        metrics.ItemDeferred(item);
        CircuitLog.Deferred(logger, item.Id, item.Kind, runAt, circuit.Key.Key, node.NodeId, circuit.StateName());
        return new AttemptRecord(item.Id, item.LeaseToken, item.Attempt, AttemptOutcome.Cancelled, WorkItemState.Pending,
            runAt, false, null, null, now, now) { Started = false };
    }
}
