using Workflow.Engine.Model;

namespace Workflow.Engine.Handlers;

/// <summary>
/// Thrown by a handler to fail an attempt with a known <see cref="ErrorCategory"/> and, for retried
/// categories, an optional delay before the next attempt (for example from a <c>Retry-After</c> header).
/// </summary>
public sealed class WorkFailedException : WorkflowException
{
    public WorkFailedException(ErrorCategory category, string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        if (retryAfter is { } delay && delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retryAfter), delay, "A retry delay cannot be negative.");
        }

        Category = category;
        RetryAfter = retryAfter;
    }

    public ErrorCategory Category { get; }

    /// <summary>Delay before the next attempt; null lets the backoff policy decide.</summary>
    public TimeSpan? RetryAfter { get; }
}
