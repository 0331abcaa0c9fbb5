namespace Workflow.Bench.Common;

/// <summary>
/// One line of the results file: one workload (and variant, such as "2 nodes") measured on one system, with
/// the settings it ran with, every figure it measured and the headline figures the report compares.
/// </summary>
public sealed record BenchResult(
    string System,
    string Workload,
    string Variant,
    DateTimeOffset FinishedAt,
    IReadOnlyDictionary<string, object?> Settings,
    IReadOnlyDictionary<string, object?> Figures,
    IReadOnlyList<Headline> Headlines,
    IReadOnlyList<string> Notes,
    string? Error);

/// <summary>
/// A figure that the report puts in the comparison table. <see cref="Value"/> is null when there is nothing to
/// compare, and <see cref="Text"/> then says why (for example "not within 60 s").
/// </summary>
public sealed record Headline(string Name, double? Value, string Unit, bool HigherIsBetter, string? Text = null);
