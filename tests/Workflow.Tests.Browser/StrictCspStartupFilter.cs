using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Workflow.Tests.Browser;

/// <summary>
/// Sends the strict Content-Security-Policy that production applies to the dashboard, so a page that relies on an
/// inline script or style breaks in the browser tests and the browser reports the violation.
/// </summary>
internal sealed class StrictCspStartupFilter : IStartupFilter
{
    public const string Policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Response.Headers.ContentSecurityPolicy = Policy;
            return nextMiddleware(context);
        });
        next(app);
    };
}
