using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Workflow.Api.Security.Dashboard;

namespace Workflow.Api.Dashboard;

/// <summary>
/// Page filter that lets a dashboard POST (retry, cancel, run now, bulk actions) through only when it names an action
/// of the page and the session meets <see cref="DashboardAuth.OperatePolicy"/>. Reading pages needs <see cref="DashboardAuth.ReadPolicy"/> alone, and
/// Razor Pages authorize per page, not per handler, so the check on actions sits here.
/// </summary>
internal sealed class OperatorActionFilter : IAsyncPageFilter
{
    /// <summary>Returns whether the request's session may run operator actions; pages show action buttons only then.</summary>
    public static async Task<bool> CanOperateAsync(HttpContext http)
    {
        var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(http.User, http, DashboardAuth.OperatePolicy)).Succeeded;
    }

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsPost(http.Request.Method) && context.HandlerMethod is null)
        {
            // A POST to a page, or a handler name, that has no action: without this the page would render without
            // its GET handler having loaded anything.
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
            return;
        }

        if (HttpMethods.IsPost(http.Request.Method))
        {
            if (!await CanOperateAsync(http))
            {
                context.Result = new ForbidResult(DashboardAuth.CookieScheme);
                return;
            }
        }

        await next();
    }
}
