namespace Workflow.Engine.Health;

/// <summary>One alert of a node's health check, from the moment it was raised until it resolved.</summary>
/// <param name="Id">A new id per raise, so a condition that clears and returns raises a new alert.</param>
/// <param name="Type">One of the <see cref="AlertTypes"/>.</param>
/// <param name="Subject">What the alert is about: a kind, a worker such as <c>worker 3</c>, or <c>node</c>.</param>
/// <param name="Message">A sentence that names the measured value, the threshold and the window.</param>
/// <param name="Value">The measured value when the alert was raised: an error rate from 0 to 1, or a count.</param>
/// <param name="Threshold">The threshold the value reached.</param>
/// <param name="RaisedAt">When the health check raised it.</param>
public sealed record PoolAlert(
    Guid Id,
    string Type,
    string Subject,
    string Message,
    double Value,
    double Threshold,
    DateTimeOffset RaisedAt)
{
    /// <summary>When the health check no longer found the condition; null while the alert is active.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }
}
