namespace Workflow.Persistence.Dashboard;

/// <summary>A recurring schedule that submits items of a kind on a cron expression.</summary>
public sealed record RecurringSchedule(string Name, string Cron, string Kind, string Queue, DateTimeOffset? NextRunAt, DateTimeOffset? LastRunAt);
