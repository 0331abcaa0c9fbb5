using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Workflow.Api.Dashboard.Pages;

/// <summary>
/// Each node with its pool, scaling, queue limits, health alerts, heartbeat age and circuit breakers, as of its last
/// heartbeat.
/// </summary>
internal sealed class NodesModel(NodeStatusQuery nodes, TimeProvider time) : PageModel
{
    public IReadOnlyList<NodeStatus> Nodes { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        Nodes = await nodes.ListAsync(cancellationToken);
    }
}
