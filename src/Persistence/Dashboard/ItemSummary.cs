namespace Workflow.Persistence.Dashboard;

/// <summary>One row of a dashboard item list; <see cref="LastError"/> is cut to its first 300 characters.</summary>
public sealed record ItemSummary(
    long Id,
    string Kind,
    string Queue,
    string State,
    int Priority,
    DateTimeOffset RunAt,
    int Attempt,
    int FailedAttempts,
    int MaxAttempts,
    IReadOnlyList<string> Tags,
    string? LastErrorCategory,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt);
