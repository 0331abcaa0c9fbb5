using System.Globalization;
using Workflow.Persistence.Dashboard;

namespace Workflow.Api.Dashboard;

/// <summary>
/// The overview's history graph as SVG bars: one per hour, failed attempts stacked on succeeded ones, scaled so the
/// busiest hour fills the chart's height.
/// </summary>
internal sealed class HistoryChart
{
    public const int Width = 600;
    public const int Height = 160;

    /// <summary>Room left above the busiest bar, in chart units.</summary>
    private const double TopMargin = 4;

    /// <summary>Share of an hour's slot that its bar fills; the rest is the gap to the next bar.</summary>
    private const double BarShare = 0.8;

    public HistoryChart(IReadOnlyList<HourlyStats> hours)
    {
        Hours = hours;
        Max = hours.Count == 0 ? 0 : hours.Max(h => h.Succeeded + h.Failed);
        TotalSucceeded = hours.Sum(h => h.Succeeded);
        TotalFailed = hours.Sum(h => h.Failed);

        var slot = hours.Count == 0 ? Width : (double)Width / hours.Count;
        var scale = (Height - TopMargin) / Math.Max(1, Max);
        Bars = [.. hours.Select((hour, i) =>
        {
            var succeeded = hour.Succeeded * scale;
            var failed = hour.Failed * scale;
            return new HistoryBar(
                hour,
                Format((i * slot) + (slot * (1 - BarShare) / 2)),
                Format(slot * BarShare),
                Format(Height - succeeded),
                Format(succeeded),
                Format(Height - succeeded - failed),
                Format(failed));
        })];
    }

    public IReadOnlyList<HourlyStats> Hours { get; }

    public IReadOnlyList<HistoryBar> Bars { get; }

    /// <summary>Attempts in the busiest hour, succeeded and failed together.</summary>
    public long Max { get; }

    public long TotalSucceeded { get; }

    public long TotalFailed { get; }

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
