namespace Workflow.Engine.Metrics;

/// <summary>Values of the <c>reason</c> tag of <c>workflow.submissions.rejected</c>.</summary>
public static class RejectionReasons
{
    /// <summary>The request was invalid: not JSON, an invalid field, or a payload over the configured limit.</summary>
    public const string Validation = "validation";

    /// <summary>An idempotency key was already used by a different request.</summary>
    public const string IdempotencyConflict = "idempotency_conflict";

    /// <summary>The request body was larger than the server accepts.</summary>
    public const string TooLarge = "too_large";
}
