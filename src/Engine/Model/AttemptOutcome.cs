namespace Workflow.Engine.Model;

/// <summary>Outcome of one execution of a work item.</summary>
public enum AttemptOutcome
{
    Succeeded,
    Failed,
    TimedOut,

    /// <summary>Stopped by an operator's cancel or by a graceful shutdown; does not count towards max attempts.</summary>
    Cancelled,

    /// <summary>The node died or lost its lease before it recorded an outcome; counts towards max attempts.</summary>
    Abandoned,
}
