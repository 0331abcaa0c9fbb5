namespace Workflow.Engine.Model;

/// <summary>
/// Converts states, outcomes and categories to and from the lowercase words stored in the database and
/// used by the API (<c>timed_out</c>, <c>resource_exhausted</c>).
/// </summary>
public static class StateNames
{
    public static string ToName(this WorkItemState state) => state switch
    {
        WorkItemState.Pending => "pending",
        WorkItemState.Running => "running",
        WorkItemState.Succeeded => "succeeded",
        WorkItemState.Dead => "dead",
        WorkItemState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown work item state."),
    };

    public static string ToName(this AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.Succeeded => "succeeded",
        AttemptOutcome.Failed => "failed",
        AttemptOutcome.TimedOut => "timed_out",
        AttemptOutcome.Cancelled => "cancelled",
        AttemptOutcome.Abandoned => "abandoned",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown attempt outcome."),
    };

    public static string ToName(this ErrorCategory category) => category switch
    {
        ErrorCategory.Transient => "transient",
        ErrorCategory.Timeout => "timeout",
        ErrorCategory.ResourceExhausted => "resource_exhausted",
        ErrorCategory.Permanent => "permanent",
        ErrorCategory.Validation => "validation",
        ErrorCategory.Security => "security",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown error category."),
    };

    public static string ToName(this NodeState state) => state switch
    {
        NodeState.Running => "running",
        NodeState.Draining => "draining",
        NodeState.Stopped => "stopped",
        NodeState.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown node state."),
    };

    /// <summary>Parses a stored or requested state name; returns false for anything else.</summary>
    public static bool TryParseState(string? name, out WorkItemState state)
    {
        foreach (var candidate in Enum.GetValues<WorkItemState>())
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.Ordinal))
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }
}
