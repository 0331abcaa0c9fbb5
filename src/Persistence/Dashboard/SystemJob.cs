namespace Workflow.Persistence.Dashboard;

/// <summary>A cluster-wide periodic job of the engine, as its Quartz.NET trigger stores it, with its latest run.</summary>
/// <param name="Name">The job's name, such as <c>recovery-sweep</c>.</param>
/// <param name="Interval">The pause between the end of one run and the next firing; null for a trigger of another type.</param>
/// <param name="NextFireAt">When the trigger fires next; null while no firing is planned, such as during a run.</param>
/// <param name="PreviousFireAt">When the trigger fired last.</param>
/// <param name="TriggerState">Quartz.NET's state of the trigger, such as <c>WAITING</c>, <c>ACQUIRED</c> or <c>BLOCKED</c>.</param>
/// <param name="LastRun">The run with the latest scheduled time; null when none is recorded.</param>
public sealed record SystemJob(
    string Name,
    TimeSpan? Interval,
    DateTimeOffset? NextFireAt,
    DateTimeOffset? PreviousFireAt,
    string TriggerState,
    SystemJobRun? LastRun);
