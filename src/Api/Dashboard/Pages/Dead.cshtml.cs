using Workflow.Persistence.Dashboard;
using Workflow.Persistence.Operations;

namespace Workflow.Api.Dashboard.Pages;

/// <summary>Dead items: attempts exhausted or failed permanently. Bulk retry gives them a fresh attempt budget.</summary>
internal sealed class DeadModel(ItemListQuery list, BulkItemOperations bulk, TimeProvider time) : BulkListPageModel(list, bulk, time)
{
    public override string State => "dead";

    public override string Path => DashboardSetup.BasePath + "/dead";

    public override string RetryLabel => "Retry";

    protected override Task<int> RetryAsync(long[] ids, CancellationToken cancellationToken) => Bulk.RetryAsync(ids, cancellationToken);
}
