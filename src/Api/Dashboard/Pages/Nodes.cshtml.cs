using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflow.Persistence.Dashboard;

namespace Workflow.Api.Dashboard.Pages;

/// <summary>Each node with its pool, health, heartbeat age and circuit breakers, as of its last heartbeat.</summary>
internal sealed class NodesModel(NodeStatusQuery nodes, DashboardSources sources, TimeProvider time) : PageModel
{
    public IReadOnlyList<NodeStatus> Nodes { get; private set; } = [];

    public Dictionary<Guid, SourceResult<IReadOnlyList<ScaleEvent>>> ScaleEvents { get; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        Nodes = await nodes.ListAsync(cancellationToken);
        foreach (var node in Nodes)
        {
            ScaleEvents[node.Node.Id] = await sources.GetScaleEventsAsync(node.Node.Id, cancellationToken);
        }
    }
}
