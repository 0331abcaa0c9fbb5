using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflow.Engine.Circuits;
using Workflow.Engine.Handlers;
using Workflow.Persistence.Dashboard;

namespace Workflow.Api.Dashboard.Pages;

/// <summary>Backlog, throughput, error rate and breaker state per queue and kind.</summary>
internal sealed class QueuesModel(DashboardStatsQuery stats, NodeStatusQuery nodes, HandlerRegistry registry) : PageModel
{
    /// <summary>The window of the throughput and error rate columns.</summary>
    public const int WindowSeconds = 300;

    public IReadOnlyList<QueueKindStats> Rows { get; private set; } = [];

    /// <summary>Kinds registered on this node that have no item in any queue.</summary>
    public IReadOnlyList<string> IdleKinds { get; private set; } = [];

    /// <summary>The breakers that are not closed on online nodes, per kind.</summary>
    public ILookup<string, CircuitSnapshot> OpenCircuits { get; private set; } = Array.Empty<CircuitSnapshot>().ToLookup(c => c.Kind);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Rows = await stats.GetQueueKindStatsAsync(WindowSeconds, cancellationToken);
        var seen = Rows.Select(r => r.Kind).ToHashSet(StringComparer.Ordinal);
        IdleKinds = [.. registry.Kinds.Where(k => !seen.Contains(k)).Order(StringComparer.Ordinal)];
        var online = (await nodes.ListAsync(cancellationToken)).Where(n => n.IsOnline);
        OpenCircuits = online.SelectMany(n => n.Circuits).Where(c => c.State != "closed").ToLookup(c => c.Kind, StringComparer.Ordinal);
    }

    /// <summary>Returns the attempts per second over the window.</summary>
    public static string Throughput(QueueKindStats row) => Display.Rate((row.Succeeded + row.Failed) / (double)WindowSeconds);

    public string BreakerState(string kind)
    {
        var open = OpenCircuits[kind].ToList();
        return open.Count == 0 ? "closed" : string.Join(", ", open.GroupBy(c => c.State).Select(g => $"{g.Count()} {g.Key}"));
    }
}
