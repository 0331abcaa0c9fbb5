namespace Workflow.Bench.Report;

/// <summary>
/// The goals the benchmark is judged against. Each check returns the margin (how many times the goal the
/// figure reaches, above 1 when met) or null when there is nothing to judge.
/// </summary>
internal static class Targets
{
    public delegate double? Check(double? workflow, double? hangfire, Func<string, string, string, double?> lookup);

    public static readonly IReadOnlyList<Target> All =
    [
        new("drain", "1 node", "items/s", ">= 30,000 items/s", (w, _, _) => AtLeast(w, 30_000)),
        new("drain", "1 node", "items/s", ">= 100x Hangfire", (w, h, _) => AtLeast(Ratio(w, h), 100)),
        new("drain", "2 nodes", "items/s", ">= the 1-node rate", (w, _, find) => AtLeast(w, find("drain", "1 node", "items/s"))),
        new("drain", "2 nodes", "items/s", ">= 100x Hangfire", (w, h, _) => AtLeast(Ratio(w, h), 100)),
        new("batch", null, "items/s", ">= 100,000 items/s", (w, _, _) => AtLeast(w, 100_000)),
        new("pickup", null, "pickup p50", "<= 3 ms", (w, _, _) => AtMost(w, 3)),
        new("pickup", null, "pickup p99", "<= 6 ms", (w, _, _) => AtMost(w, 6)),
        new("recovery", null, "restart time, all items", "<= 10 s", (w, _, _) => AtMost(w, 10)),
        new("recovery", null, "items lost", "0", (w, _, _) => NoneLost(w)),
        new("dashboard", null, "items p95", "<= 100 ms at 1,000,000 items", (w, _, _) => AtMost(w, 100)) { RequiredN = 1_000_000 },
        new("dashboard", null, "detail p95", "<= 100 ms at 1,000,000 items", (w, _, _) => AtMost(w, 100)) { RequiredN = 1_000_000 },
        new("memory", null, "peak RSS", "<= 250 MB (238 MiB) at 1,000,000 pending", (w, _, _) => AtMost(w, 250_000_000 / 1_048_576.0)) { RequiredN = 1_000_000 },
    ];

    public static double? Ratio(double? workflow, double? hangfire)
        => workflow is { } w && hangfire is { } h && h > 0 ? w / h : null;

    private static double? AtLeast(double? value, double? goal)
        => value is { } v && goal is { } g && g > 0 ? v / g : null;

    private static double? AtMost(double? value, double goal)
    {
        if (value is not { } v)
        {
            return null;
        }

        return v <= 0 ? double.PositiveInfinity : goal / v;
    }

    private static double? NoneLost(double? lost)
    {
        if (lost is not { } count)
        {
            return null;
        }

        return count == 0 ? double.PositiveInfinity : 0;
    }
}

/// <summary>
/// A goal for one headline figure; <see cref="Variant"/> null matches every variant of the workload. A goal with
/// <see cref="RequiredN"/> is judged only when Workflow ran with that N.
/// </summary>
internal sealed record Target(string Workload, string? Variant, string Headline, string Goal, Targets.Check Evaluate)
{
    public int? RequiredN { get; init; }
}
