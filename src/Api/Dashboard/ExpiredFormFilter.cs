using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;

namespace Workflow.Api.Dashboard;

/// <summary>
/// Replaces the empty 400 that a dashboard form without a valid antiforgery token gets with a page that states that
/// nothing was changed and links back to the form. Operators meet this in normal use, because tokens expire and a
/// page can stay open across a restart of a node without a shared key ring.
/// </summary>
internal sealed class ExpiredFormFilter : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is not IAntiforgeryValidationFailedResult)
        {
            return;
        }

        var back = HtmlEncoder.Default.Encode(context.HttpContext.Request.Path.Value ?? DashboardSetup.BasePath);
        context.Result = new ContentResult
        {
            StatusCode = StatusCodes.Status400BadRequest,
            ContentType = "text/html; charset=utf-8",
            Content = $"""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Form expired - Workflow</title>
                <link rel="stylesheet" href="{DashboardSetup.AssetsPath}/dashboard.css"></head>
                <body><main>
                <h1>The form has expired</h1>
                <p>Its security token was missing or no longer valid, so nothing was changed.
                Open the page again and repeat the action.</p>
                <p><a href="{back}">Back to the page</a></p>
                </main></body></html>
                """,
        };
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
