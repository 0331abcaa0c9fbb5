using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflow.Persistence.Dashboard;

namespace Workflow.Api.Dashboard.Pages;

/// <summary>The overview: counts by state, the live and history graphs, nodes, open circuits and active alerts.</summary>
internal sealed class IndexModel(
    DashboardStatsQuery stats, HourlyHistoryQuery history, NodeStatusQuery nodes, TimeProvider time) : PageModel
{
    public IReadOnlyDictionary<string, long> Counts { get; private set; } = new Dictionary<string, long>();

    /// <summary>24h or 7d.</summary>
    [BindProperty(SupportsGet = true)]
    public string? History { get; set; }

    public HistoryChart HistoryChart { get; private set; } = new([]);

    /// <inheritdoc cref="HourlyHistory.LastRollupAt"/>
    public DateTimeOffset? LastRollupAt { get; private set; }

    /// <summary>The active alerts of the online nodes, newest first.</summary>
    public IReadOnlyList<NodeAlert> Alerts { get; private set; } = [];

    public int NodesOnline { get; private set; }

    public int NodesListed { get; private set; }

    public int OpenCircuits { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        History = History == "7d" ? "7d" : "24h";
        Now = time.GetUtcNow();
        Counts = await stats.CountByStateAsync(cancellationToken);

        var hours = await history.GetAsync(History == "7d" ? HourlyHistoryQuery.MaxHours : 24, cancellationToken);
        HistoryChart = new HistoryChart(hours.Hours);
        LastRollupAt = hours.LastRollupAt;

        var listed = await nodes.ListAsync(cancellationToken);
        var online = listed.Where(n => n.IsOnline).ToList();
        NodesListed = listed.Count;
        NodesOnline = online.Count;
        OpenCircuits = online.Sum(n => n.Circuits.Count(c => c.State != "closed"));
        Alerts = NodeStatus.ActiveAlerts(online);
    }
}
