namespace Workflow.Persistence.Dashboard;

/// <summary>Attempts that finished in one second, given as whole seconds since the Unix epoch.</summary>
public sealed record RatePoint(long Second, long Succeeded, long Failed);
