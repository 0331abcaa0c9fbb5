using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflow.Persistence.Dashboard;

namespace Workflow.Api.Dashboard.Pages;

/// <summary>The overview: counts by state, the live and history graphs, nodes, open circuits and alerts.</summary>
internal sealed class IndexModel(
    DashboardStatsQuery stats, DashboardSources sources, NodeStatusQuery nodes, TimeProvider time) : PageModel
{
    public const int ChartWidth = 600;
    public const int ChartHeight = 160;

    public IReadOnlyDictionary<string, long> Counts { get; private set; } = new Dictionary<string, long>();

    /// <summary>24h or 7d.</summary>
    [BindProperty(SupportsGet = true)]
    public string? History { get; set; }

    public SourceResult<IReadOnlyList<HourlyStats>> HistoryStats { get; private set; } = null!;

    public SourceResult<IReadOnlyList<HealthAlert>> Alerts { get; private set; } = null!;

    public int NodesOnline { get; private set; }

    public int NodesListed { get; private set; }

    public int OpenCircuits { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        History = History == "7d" ? "7d" : "24h";
        Counts = await stats.CountByStateAsync(cancellationToken);

        var now = time.GetUtcNow();
        var from = now - (History == "7d" ? TimeSpan.FromDays(7) : TimeSpan.FromHours(24));
        HistoryStats = await sources.GetHourlyHistoryAsync(from, now, cancellationToken);
        Alerts = await sources.GetActiveAlertsAsync(cancellationToken);

        var listed = await nodes.ListAsync(cancellationToken);
        var online = listed.Where(n => n.IsOnline).ToList();
        NodesListed = listed.Count;
        NodesOnline = online.Count;
        OpenCircuits = online.Sum(n => n.Circuits.Count(c => c.State != "closed"));
    }

    /// <summary>Returns SVG polyline points for one series of the history graph, scaled to the chart.</summary>
    public static string HistoryPoints(IReadOnlyList<HourlyStats> hours, Func<HourlyStats, long> value)
    {
        if (hours.Count == 0)
        {
            return "";
        }

        var max = Math.Max(1, hours.Max(h => Math.Max(h.Succeeded, h.Failed)));
        var step = hours.Count == 1 ? 0 : (double)ChartWidth / (hours.Count - 1);
        return string.Join(' ', hours.Select((h, i) => string.Create(
            CultureInfo.InvariantCulture, $"{i * step:0.#},{ChartHeight - (value(h) * (ChartHeight - 4.0) / max):0.#}")));
    }
}
