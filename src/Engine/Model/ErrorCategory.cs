namespace Workflow.Engine.Model;

/// <summary>
/// Classification of a failed attempt. Only <see cref="Transient"/>, <see cref="Timeout"/> and
/// <see cref="ResourceExhausted"/> are retried; the others make the item dead at once.
/// </summary>
public enum ErrorCategory
{
    Transient,
    Timeout,
    ResourceExhausted,
    Permanent,
    Validation,
    Security,
}
