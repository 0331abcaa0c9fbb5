using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflow.Persistence.Dashboard;

namespace Workflow.Api.Dashboard.Pages;

/// <summary>Items by state, with tabs and counts, filters and keyset pagination.</summary>
internal sealed class ItemsModel(ItemListQuery list, DashboardStatsQuery stats, TimeProvider time) : PageModel
{
    public ItemListRequest Query { get; private set; } = new();

    public IReadOnlyDictionary<string, long> Counts { get; private set; } = new Dictionary<string, long>();

    public List<string> Errors { get; } = [];

    public ItemTableView? Table { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Query = ItemListRequest.FromQuery(Request.Query);
        Counts = await stats.CountByStateAsync(cancellationToken);
        var filter = Query.ToFilter(retriesOnly: false, Errors);
        if (filter is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var path = DashboardSetup.BasePath + "/items";
        var page = await list.ListAsync(filter, ItemListRequest.PageSize, cancellationToken);
        Table = new ItemTableView(
            page, Selectable: false, time.GetUtcNow(),
            page.NextBefore is { } next ? Query.WithCursor(path, next) : null,
            Query.WithCursor(path, null));
    }

    public string ClearUrl => new ItemListRequest { State = Query.State }.WithCursor(DashboardSetup.BasePath + "/items", null);

    public string TabUrl(string? state) => new ItemListRequest
    {
        State = state, Kind = Query.Kind, Queue = Query.Queue, Tag = Query.Tag,
    }.WithCursor(DashboardSetup.BasePath + "/items", null);
}
