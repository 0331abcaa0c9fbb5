using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflow.Engine.Handlers;
using Workflow.Persistence.Dashboard;
using Workflow.Persistence.Operations;

namespace Workflow.Api.Dashboard.Pages;

/// <summary>One item: payload and result with secrets masked, its timeline, its attempts, and the operator actions.</summary>
internal sealed class ItemModel(
    ItemDetailQuery query, WorkItemOperations operations, HandlerRegistry registry, IServiceProvider services, TimeProvider time)
    : PageModel
{
    [FromRoute]
    public long Id { get; set; }

    public ItemDetail Detail { get; private set; } = null!;

    /// <summary>True when no item has <see cref="Id"/>; the page then reports it with status 404.</summary>
    public bool Missing { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public string Payload { get; private set; } = "";

    public string? Result { get; private set; }

    public IReadOnlyList<TimelineEntry> Timeline { get; private set; } = [];

    /// <summary>True when the session may run operator actions; a read-only session gets no action buttons.</summary>
    public bool CanOperate { get; private set; }

    public bool CanRetry => CanOperate && Detail.Item.State is "dead" or "cancelled";

    public bool CanCancel => CanOperate && Detail.Item.State is "pending" or "running";

    public bool CanRunNow => CanOperate && Detail.Item.State == "pending" && Detail.Item.RunAt > Now;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var detail = await query.GetAsync(Id, cancellationToken);
        if (detail is null)
        {
            Missing = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        Detail = detail;
        Now = time.GetUtcNow();
        CanOperate = await OperatorActionFilter.CanOperateAsync(HttpContext);
        var item = detail.Item;
        var payload = registry.TryGet(item.Kind, out var registration) ? registration.RedactPayload(item.Payload, services) : item.Payload;
        Payload = DisplayJsonRedactor.Format(payload);
        Result = item.Result is null ? null : DisplayJsonRedactor.Format(item.Result);
        Timeline = TimelineEntry.From(detail, Now);
        return Page();
    }

    public Task<IActionResult> OnPostRetryAsync(CancellationToken cancellationToken)
        => ActAsync(operations.RetryAsync, "is pending again", "only dead or cancelled items can be retried", cancellationToken);

    public Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken)
        => ActAsync(operations.CancelAsync, "is cancelled", "only pending or running items can be cancelled", cancellationToken);

    public Task<IActionResult> OnPostRunNowAsync(CancellationToken cancellationToken)
        => ActAsync(operations.RunNowAsync, "is due now", "only pending items can be run now", cancellationToken);

    private async Task<IActionResult> ActAsync(
        Func<long, CancellationToken, Task<OperationResult>> action, string done, string rule, CancellationToken cancellationToken)
    {
        OperationResult result;
        try
        {
            result = await action(Id, cancellationToken);
        }
        catch (ConcurrentChangeException ex)
        {
            return Flash(ex.Message, "error");
        }

        if (!result.Found)
        {
            return NotFound();
        }

        return result.Applied
            ? Flash($"Item {Id} {done}.", "success")
            : Flash($"Item {Id} is {result.PreviousState}, so nothing was changed: {rule}.", "error");
    }

    private RedirectResult Flash(string message, string kind)
    {
        TempData["Message"] = message;
        TempData["MessageKind"] = kind;
        return Redirect($"{DashboardSetup.BasePath}/items/{Id}");
    }
}
