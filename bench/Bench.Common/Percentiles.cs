namespace Workflow.Bench.Common;

/// <summary>Percentiles by the nearest-rank method: the smallest sample with at least p% of samples at or below it.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    /// <summary>Returns p50, p95, p99 and max of the samples, rounded to 0.01, with the given name prefix.</summary>
    public static Dictionary<string, object?> Summary(IEnumerable<double> samples, string prefix)
    {
        var sorted = samples.Order().ToList();
        return new Dictionary<string, object?>
        {
            [prefix + "_count"] = sorted.Count,
            [prefix + "_p50"] = Round(Of(sorted, 50)),
            [prefix + "_p95"] = Round(Of(sorted, 95)),
            [prefix + "_p99"] = Round(Of(sorted, 99)),
            [prefix + "_max"] = sorted.Count == 0 ? null : Round(sorted[^1]),
            [prefix + "_min"] = sorted.Count == 0 ? null : Round(sorted[0]),
        };
    }

    private static double? Round(double value) => double.IsNaN(value) ? null : Math.Round(value, 2);
}
