using Microsoft.Extensions.Options;
using Workflow.Engine.Options;
using Workflow.Persistence.Operations;

namespace Workflow.Api.Dashboard;

/// <summary>Reads the node rows, most recent heartbeat first, as <see cref="NodeStatus"/> values.</summary>
internal sealed class NodeStatusQuery(WorkItemQueries queries, IOptions<WorkflowOptions> options, TimeProvider time)
{
    public async Task<IReadOnlyList<NodeStatus>> ListAsync(CancellationToken cancellationToken)
    {
        var nodes = await queries.ListNodesAsync(cancellationToken);
        var now = time.GetUtcNow();
        return [.. nodes.Select(n => NodeStatus.From(n, now, options.Value.NodeStaleAfter))];
    }
}
