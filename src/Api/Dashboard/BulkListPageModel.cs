using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflow.Persistence.Dashboard;
using Workflow.Persistence.Operations;

namespace Workflow.Api.Dashboard;

/// <summary>
/// A list of items of one state with bulk retry and bulk delete. Selecting items and choosing an action shows a
/// confirmation first (a second POST), so nothing changes on a single click. Both POSTs carry the antiforgery token.
/// </summary>
internal abstract class BulkListPageModel(ItemListQuery list, BulkItemOperations bulk, TimeProvider time) : PageModel
{
    public const string RetryAction = "retry";
    public const string DeleteAction = "delete";

    protected BulkItemOperations Bulk => bulk;

    public ItemListRequest Query { get; private set; } = new();

    public List<string> Errors { get; } = [];

    public ItemTableView? Table { get; private set; }

    /// <summary>The action waiting for confirmation, or null while the list is shown.</summary>
    public string? PendingAction { get; private set; }

    public IReadOnlyList<long> PendingIds { get; private set; } = [];

    /// <summary>The state this page lists.</summary>
    public abstract string State { get; }

    /// <summary>The page's path under the dashboard, such as <c>/dashboard/dead</c>.</summary>
    public abstract string Path { get; }

    /// <summary>The label of the retry button, such as "Retry" or "Run now".</summary>
    public abstract string RetryLabel { get; }

    protected virtual bool RetriesOnly => false;

    /// <summary>True when the session may run operator actions; a read-only session gets no action buttons.</summary>
    public bool CanOperate { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        CanOperate = await OperatorActionFilter.CanOperateAsync(HttpContext);
        Query = ItemListRequest.FromQuery(Request.Query);
        var filter = Query.ToFilter(RetriesOnly, Errors);
        if (filter is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var page = await list.ListAsync(filter with { State = State }, ItemListRequest.PageSize, cancellationToken);
        Table = new ItemTableView(
            page, Selectable: true, time.GetUtcNow(),
            page.NextBefore is { } next ? Query.WithCursor(Path, next) : null,
            Query.WithCursor(Path, null));
    }

    /// <summary>Shows the confirmation for the selected items.</summary>
    public async Task<IActionResult> OnPostSelectAsync(long[] ids, string? action, CancellationToken cancellationToken)
    {
        if (action is not (RetryAction or DeleteAction))
        {
            return Flash("Choose retry or delete.", "error");
        }

        if (ids.Length == 0)
        {
            return Flash("Select at least one item first.", "error");
        }

        if (ids.Length > BulkItemOperations.MaxItems)
        {
            return Flash($"Select at most {BulkItemOperations.MaxItems} items at once.", "error");
        }

        PendingAction = action;
        PendingIds = [.. ids.Distinct()];
        await OnGetAsync(cancellationToken);
        return Page();
    }

    /// <summary>Runs the confirmed action and reports how many items it changed.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(long[] ids, string? action, CancellationToken cancellationToken)
    {
        if (ids.Length is 0 or > BulkItemOperations.MaxItems)
        {
            return Flash($"Select 1 to {BulkItemOperations.MaxItems} items.", "error");
        }

        int changed;
        string done;
        switch (action)
        {
            case RetryAction:
                changed = await RetryAsync(ids, cancellationToken);
                done = RetryLabel == "Retry" ? "retried" : "made due now";
                break;
            case DeleteAction:
                changed = await bulk.DeleteAsync(ids, [State], cancellationToken);
                done = "deleted";
                break;
            default:
                return Flash("Choose retry or delete.", "error");
        }

        var skipped = ids.Length - changed;
        var message = $"{changed} of {ids.Length} items {done}."
            + (skipped > 0 ? $" {skipped} were skipped because they are no longer {State}." : "");
        return Flash(message, skipped > 0 ? "info" : "success");
    }

    protected abstract Task<int> RetryAsync(long[] ids, CancellationToken cancellationToken);

    private RedirectResult Flash(string message, string kind)
    {
        TempData["Message"] = message;
        TempData["MessageKind"] = kind;
        return Redirect(Path);
    }
}
