namespace Workflow.Engine.Storage;

/// <summary>How a job run ended.</summary>
/// <param name="Outcome">One of <c>succeeded</c>, <c>skipped</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="FinishedAt">When it ended, by the node's clock.</param>
/// <param name="RowsAffected">Rows the run changed, when it reported them.</param>
/// <param name="Error">The error's message when it failed.</param>
public sealed record JobRunOutcome(string Outcome, DateTimeOffset FinishedAt, long? RowsAffected, string? Error);
