using Workflow.Persistence.Dashboard;
using Workflow.Persistence.Operations;

namespace Workflow.Api.Dashboard.Pages;

/// <summary>
/// Pending items that already ran at least once, most of them waiting for their retry backoff. Bulk run now makes
/// them due at once.
/// </summary>
internal sealed class RetriesModel(ItemListQuery list, BulkItemOperations bulk, TimeProvider time) : BulkListPageModel(list, bulk, time)
{
    public override string State => "pending";

    public override string Path => DashboardSetup.BasePath + "/retries";

    public override string RetryLabel => "Run now";

    protected override bool RetriesOnly => true;

    protected override Task<int> RetryAsync(long[] ids, CancellationToken cancellationToken) => Bulk.RunNowAsync(ids, cancellationToken);
}
