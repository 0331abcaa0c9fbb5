using System.Text.Json;
using Workflow.Engine.Handlers;
using Workflow.Engine.Model;

namespace Workflow.Engine.Retry;

/// <summary>Maps an exception thrown by a handler to an <see cref="ErrorCategory"/>.</summary>
public static class ErrorClassifier
{
    public static ErrorCategory Classify(Exception exception) => exception switch
    {
        WorkFailedException failed => failed.Category,
        TimeoutException => ErrorCategory.Timeout,
        JsonException => ErrorCategory.Validation,
        ArgumentException => ErrorCategory.Validation,
        OutOfMemoryException or InsufficientExecutionStackException => ErrorCategory.ResourceExhausted,
        UnauthorizedAccessException => ErrorCategory.Security,
        _ => ErrorCategory.Transient,
    };

    public static bool IsRetried(ErrorCategory category)
        => category is ErrorCategory.Transient or ErrorCategory.Timeout or ErrorCategory.ResourceExhausted;
}
