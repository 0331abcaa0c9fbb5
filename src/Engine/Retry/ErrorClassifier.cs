using System.Data.Common;
using System.Security;
using System.Security.Authentication;
using System.Text.Json;
using Polly.CircuitBreaker;
using Workflow.Engine.Handlers;
using Workflow.Engine.Model;

namespace Workflow.Engine.Retry;

/// <summary>
/// Maps an exception thrown by a handler to an <see cref="ErrorCategory"/>. Only transient, timeout and resource
/// exhausted failures are retried (<see cref="IsRetried"/>).
/// </summary>
/// <remarks>
/// An exception of a type not listed here is classified by its inner exceptions, outermost first, so a wrapper
/// such as a driver's update exception is classified by the error it wraps. An exception that nothing matches is
/// transient.
/// </remarks>
public static class ErrorClassifier
{
    private const int MaxInnerDepth = 8;

    /// <summary>
    /// Classifies <paramref name="exception"/>. <paramref name="isTransientStorageError"/> is the storage port's
    /// <see cref="Storage.IWorkStore.IsTransient"/>: a handler that talks to the same kind of database gets its
    /// lost connections and serialization failures retried, and the database's rejections of the data not.
    /// </summary>
    public static ErrorCategory Classify(Exception exception, Func<Exception, bool>? isTransientStorageError = null)
    {
        var current = exception;
        for (var depth = 0; current is not null && depth < MaxInnerDepth; depth++)
        {
            if (ClassifyOne(current, isTransientStorageError) is { } category)
            {
                return category;
            }

            current = current.InnerException;
        }

        return ErrorCategory.Transient;
    }

    /// <summary>
    /// Returns the delay that the failure itself requests before the next attempt: a handler's
    /// <see cref="WorkFailedException.RetryAfter"/>, or the remaining break of an open circuit the handler ran into.
    /// Null lets the backoff policy decide.
    /// </summary>
    public static TimeSpan? RequestedDelay(Exception exception) => exception switch
    {
        WorkFailedException failed => failed.RetryAfter,
        BrokenCircuitException { RetryAfter: { } remaining } when remaining >= TimeSpan.Zero => remaining,
        _ => null,
    };

    /// <summary>
    /// Classifies a failed HTTP response by status: 408 and 5xx are transient, 429 is resource exhausted, 401, 403
    /// and 407 are security errors, and other 4xx are permanent. Returns null for a status that is not an error.
    /// </summary>
    public static ErrorCategory? ForHttpStatus(int status) => status switch
    {
        408 => ErrorCategory.Transient,
        429 => ErrorCategory.ResourceExhausted,
        401 or 403 or 407 => ErrorCategory.Security,
        >= 400 and < 500 => ErrorCategory.Permanent,
        >= 500 and < 600 => ErrorCategory.Transient,
        _ => null,
    };

    public static bool IsRetried(ErrorCategory category)
        => category is ErrorCategory.Transient or ErrorCategory.Timeout or ErrorCategory.ResourceExhausted;

    private static ErrorCategory? ClassifyOne(Exception exception, Func<Exception, bool>? isTransientStorageError) => exception switch
    {
        WorkFailedException failed => failed.Category,

        // A circuit of the handler's own resilience pipeline is open: the call was never made, so try again later.
        BrokenCircuitException => ErrorCategory.Transient,

        // The attempt's own timeout and the engine's cancellations are handled before classification, so a
        // cancellation that reaches here is a timeout inside the handler, such as HttpClient.Timeout.
        TimeoutException or OperationCanceledException => ErrorCategory.Timeout,
        HttpRequestException { StatusCode: { } status } => ForHttpStatus((int)status),
        JsonException or ArgumentException or FormatException => ErrorCategory.Validation,
        OutOfMemoryException or InsufficientExecutionStackException => ErrorCategory.ResourceExhausted,
        UnauthorizedAccessException or SecurityException or AuthenticationException => ErrorCategory.Security,
        DbException database => database.IsTransient || isTransientStorageError?.Invoke(database) == true
            ? ErrorCategory.Transient
            : ErrorCategory.Permanent,
        _ when isTransientStorageError?.Invoke(exception) == true => ErrorCategory.Transient,
        _ => null,
    };
}
