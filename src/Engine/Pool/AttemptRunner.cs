using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Circuits;
using Workflow.Engine.Handlers;
using Workflow.Engine.Logging;
using Workflow.Engine.Metrics;
using Workflow.Engine.Model;
using Workflow.Engine.Options;
using Workflow.Engine.Retry;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Pool;

/// <summary>Runs one leased attempt through its handler and turns what happened into an <see cref="AttemptRecord"/>.</summary>
internal sealed class AttemptRunner(
    IServiceScopeFactory scopeFactory,
    HandlerRegistry registry,
    WorkflowOptions options,
    NodeIdentity node,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    IWorkStore store,
    KindPolicies policies,
    CircuitGate circuits,
    AttemptObserver observer)
{
    /// <summary>Largest JSON result stored for an item, in UTF-16 characters (1 MiB of text).</summary>
    public const int MaxResultLength = 1024 * 1024;

    private readonly ILogger _logger = loggerFactory.CreateLogger<AttemptRunner>();
    private int _detachedHandlers;

    /// <summary>
    /// Handlers that ignored cancellation past the grace period and still run after their attempt was recorded
    /// without them. Each one is stuck. It uses no worker, but it may keep other resources busy.
    /// </summary>
    public int DetachedHandlers => Volatile.Read(ref _detachedHandlers);

    /// <summary>Runs the attempt behind its circuit breaker, which may put the item back without running it.</summary>
    public Task<AttemptRecord> RunAsync(InFlightAttempt attempt)
        => circuits.RunAsync(attempt, admitted => observer.RunAsync(admitted, RunHandlerAsync));

    private async Task<AttemptRecord> RunHandlerAsync(InFlightAttempt attempt)
    {
        var item = attempt.Item;
        attempt.Start(timeProvider.GetUtcNow(), item.Timeout, timeProvider);

        if (!registry.TryGet(item.Kind, out var registration))
        {
            PoolLog.UnknownKind(_logger, item.Id, item.Kind, node.NodeId);
            var unknown = new WorkFailedException(ErrorCategory.Validation, $"No handler is registered for kind '{item.Kind}'.");
            return Failure(attempt, unknown, ErrorCategory.Validation);
        }

        var handlerLogger = loggerFactory.CreateLogger("Workflow.Handlers." + item.Kind);
        using var logScope = handlerLogger.BeginScope(new Dictionary<string, object>
        {
            ["WorkItemId"] = item.Id,
            ["Kind"] = item.Kind,
            ["Attempt"] = item.Attempt,
            ["NodeId"] = node.NodeId,
        });

        var handlerTask = InvokeAsync(registration, attempt, handlerLogger);
        var finished = await WaitWithGraceAsync(handlerTask, attempt).ConfigureAwait(false);
        if (!finished)
        {
            var elapsed = timeProvider.GetUtcNow() - attempt.StartedAt;
            PoolLog.HandlerIgnoredCancellation(_logger, item.Id, item.Kind, item.Attempt, node.NodeId, elapsed.TotalMilliseconds);
            return Interrupted(attempt);
        }

        try
        {
            var result = await handlerTask.ConfigureAwait(false);
            return Success(attempt, result);
        }
        catch (OperationCanceledException) when (attempt.Reason != InterruptReason.None)
        {
            return Interrupted(attempt);
        }
        catch (Exception ex)
        {
            return Failure(attempt, ex, ErrorClassifier.Classify(ex, store.IsTransient)) with { Unhandled = ex is not WorkFailedException };
        }
    }

    private async Task<object?> InvokeAsync(WorkHandlerRegistration registration, InFlightAttempt attempt, ILogger handlerLogger)
    {
        var item = attempt.Item;
        var context = new WorkContext(item.Id, item.Kind, item.Queue, item.Attempt, item.MaxAttempts, node.NodeId, handlerLogger);
        var scope = scopeFactory.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            // Yield first so a handler that blocks synchronously cannot hold the worker that awaits it.
            await Task.Yield();
            return await registration.InvokeAsync(scope.ServiceProvider, item.Payload, context, attempt.Token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for the handler. Once the attempt is interrupted, the handler gets <see cref="WorkflowOptions.CancellationGrace"/>
    /// to return; returns false when it did not, and the handler's task is left to finish on its own.
    /// </summary>
    private async Task<bool> WaitWithGraceAsync(Task handlerTask, InFlightAttempt attempt)
    {
        var interrupted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = attempt.Token.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), interrupted);

        var first = await Task.WhenAny(handlerTask, interrupted.Task).ConfigureAwait(false);
        if (first == handlerTask)
        {
            return true;
        }

        try
        {
            await handlerTask.WaitAsync(options.CancellationGrace, timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Interlocked.Increment(ref _detachedHandlers);
            _ = handlerTask.ContinueWith(
                task => LogLateEnd(task, attempt),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return false;
        }
        catch (Exception)
        {
            // The handler ended with an exception within the grace period; RunAsync observes it.
        }

        return true;
    }

    /// <summary>
    /// Logs the end of a handler that was left running after it ignored cancellation, and observes its exception.
    /// Its attempt was recorded without it, so its result or exception never reaches the outcome writer. The
    /// database would fence it out as well, because that record cleared the lease token the handler ran under.
    /// </summary>
    private void LogLateEnd(Task task, InFlightAttempt attempt)
    {
        Interlocked.Decrement(ref _detachedHandlers);
        var item = attempt.Item;
        var elapsed = timeProvider.GetUtcNow() - attempt.StartedAt;
        var ending = task.Status switch
        {
            TaskStatus.RanToCompletion => "returned",
            TaskStatus.Canceled => "was cancelled",
            _ => "threw",
        };
        PoolLog.LateResultFencedOut(_logger, task.Exception?.GetBaseException(), item.Id, item.Kind, item.Attempt, node.NodeId,
            ending, elapsed.TotalMilliseconds, attempt.Reason);
    }

    private AttemptRecord Success(InFlightAttempt attempt, object? result)
    {
        var item = attempt.Item;
        string? resultJson;
        try
        {
            resultJson = result is null ? null : JsonSerializer.Serialize(result, result.GetType(), WorkflowJson.ResultOptions);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            var invalid = new WorkFailedException(ErrorCategory.Validation, $"The handler's result could not be serialized to JSON: {ex.Message}", innerException: ex);
            return Failure(attempt, invalid, ErrorCategory.Validation);
        }

        if (resultJson is not null && (resultJson.Length > MaxResultLength || !IsStorableJson(resultJson)))
        {
            var invalid = new WorkFailedException(
                ErrorCategory.Validation,
                $"The handler's result cannot be stored: it must be at most {MaxResultLength} characters of JSON without NUL characters or unpaired surrogates.");
            return Failure(attempt, invalid, ErrorCategory.Validation);
        }

        var finishedAt = timeProvider.GetUtcNow();
        PoolLog.AttemptSucceeded(_logger, item.Id, item.Kind, item.Attempt, node.NodeId, (finishedAt - attempt.StartedAt).TotalMilliseconds);
        return new AttemptRecord(item.Id, item.LeaseToken, item.Attempt, AttemptOutcome.Succeeded, WorkItemState.Succeeded,
            null, false, resultJson, null, attempt.StartedAt, finishedAt);
    }

    private AttemptRecord Failure(InFlightAttempt attempt, Exception exception, ErrorCategory category)
    {
        var item = attempt.Item;
        var now = timeProvider.GetUtcNow();
        var failedAttempts = item.FailedAttempts + 1;
        var retry = ErrorClassifier.IsRetried(category) && failedAttempts < item.MaxAttempts;
        DateTimeOffset? nextRunAt = null;
        if (retry)
        {
            var delay = ErrorClassifier.RequestedDelay(exception)
                ?? Backoff.Delay(policies.BackoffFor(item), failedAttempts, Random.Shared.NextDouble());
            nextRunAt = now + delay;
        }

        var nextState = retry ? WorkItemState.Pending : WorkItemState.Dead;
        // Log the error as stored: a handler's exception message can be megabytes long, so the exception itself
        // (with its stack) is only attached when its message fits the stored limit.
        var error = StoredText.Clean(exception.Message, options.MaxErrorMessageLength);
        var logged = exception.Message.Length <= options.MaxErrorMessageLength ? exception : null;
        if (nextRunAt is { } retryAt)
        {
            var retryAtText = retryAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            PoolLog.AttemptFailedRetrying(_logger, logged, item.Id, item.Kind, item.Attempt, node.NodeId, category.ToName(), error, retryAtText);
        }
        else
        {
            PoolLog.AttemptFailedDead(_logger, logged, item.Id, item.Kind, item.Attempt, node.NodeId, category.ToName(), error);
        }
        return new AttemptRecord(item.Id, item.LeaseToken, item.Attempt, AttemptOutcome.Failed, nextState,
            nextRunAt, true, null, ToError(exception, category), attempt.StartedAt, now);
    }

    /// <summary>Builds the record of an attempt whose token fired for a reason the engine gave.</summary>
    public AttemptRecord Interrupted(InFlightAttempt attempt)
    {
        var item = attempt.Item;
        var now = timeProvider.GetUtcNow();
        switch (attempt.Reason)
        {
            case InterruptReason.Timeout:
            {
                PoolLog.AttemptTimedOut(_logger, item.Id, item.Kind, item.Attempt, node.NodeId, (now - attempt.StartedAt).TotalMilliseconds);
                var timeout = new TimeoutException($"The attempt exceeded its timeout of {item.Timeout?.TotalSeconds ?? 0:0.###} s.");
                var failure = Failure(attempt, timeout, ErrorCategory.Timeout);
                return failure with { Outcome = AttemptOutcome.TimedOut };
            }

            case InterruptReason.Shutdown:
                PoolLog.AttemptInterrupted(_logger, item.Id, item.Kind, item.Attempt, node.NodeId, AttemptOutcome.Cancelled);
                return new AttemptRecord(item.Id, item.LeaseToken, item.Attempt, AttemptOutcome.Cancelled, WorkItemState.Pending,
                    now, false, null, ShutdownError, attempt.StartedAt, now);

            default:
            {
                // The lease is gone (recovery, another node or an operator's cancel): the write below is fenced out
                // and only stores this attempt as abandoned if nobody stored it yet. Should the token still match
                // after all, the abandoned attempt counts like recovery counts it, so the item cannot loop forever.
                PoolLog.AttemptInterrupted(_logger, item.Id, item.Kind, item.Attempt, node.NodeId, AttemptOutcome.Abandoned);
                var nextState = item.FailedAttempts + 1 >= item.MaxAttempts ? WorkItemState.Dead : WorkItemState.Pending;
                return new AttemptRecord(item.Id, item.LeaseToken, item.Attempt, AttemptOutcome.Abandoned, nextState,
                    null, true, null, LeaseLostError, attempt.StartedAt, now);
            }
        }
    }

    /// <summary>Builds the record that hands back an item that was leased but never started.</summary>
    public AttemptRecord Unstarted(InFlightAttempt attempt)
    {
        var item = attempt.Item;
        var now = timeProvider.GetUtcNow();
        return new AttemptRecord(item.Id, item.LeaseToken, item.Attempt, AttemptOutcome.Cancelled, WorkItemState.Pending,
            now, false, null, null, now, now) { Started = false };
    }

    private static readonly AttemptError ShutdownError =
        new(ErrorCategory.Transient, "Shutdown", "The node shut down before the attempt finished; the item was handed back without counting a failure.", null);

    private static readonly AttemptError LeaseLostError =
        new(ErrorCategory.Transient, "LeaseLost", "The node lost the item's lease before the attempt finished.", null);

    private AttemptError ToError(Exception exception, ErrorCategory category)
    {
        var message = StoredText.Clean(exception.Message, options.MaxErrorMessageLength);
        var type = StoredText.Clean(exception.GetType().FullName ?? exception.GetType().Name, 500);
        var stack = exception.StackTrace is null ? null : StoredText.Clean(exception.ToString(), options.MaxStackTraceLength);
        return new AttemptError(category, type, message, stack);
    }

    private static bool IsStorableJson(string json)
    {
        // Serializers write NUL and lone surrogates as \u escapes, which PostgreSQL's jsonb rejects, so the
        // decoded strings are checked rather than the text.
        try
        {
            using var document = JsonDocument.Parse(json);
            return AllStringsStorable(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool AllStringsStorable(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => StoredText.IsStorable(element.GetString()!),
        JsonValueKind.Array => element.EnumerateArray().All(AllStringsStorable),
        JsonValueKind.Object => element.EnumerateObject().All(p => StoredText.IsStorable(p.Name) && AllStringsStorable(p.Value)),
        _ => true,
    };
}
