namespace Workflow.Api.Security.Dashboard;

/// <summary>
/// Adds security headers to every response under <c>/dashboard</c>, including redirects and errors: a
/// Content-Security-Policy that allows scripts, styles and requests from this origin only (no inline scripts or
/// styles), no framing, no MIME sniffing and no referrer.
/// </summary>
public sealed class DashboardSecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        // Set when the response starts, so headers survive the exception handler clearing the response.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }
}

/// <summary>Registers <see cref="DashboardSecurityHeaders"/> for the dashboard's paths.</summary>
public static class DashboardSecurityHeadersExtensions
{
    public static IApplicationBuilder UseDashboardSecurityHeaders(this IApplicationBuilder app)
        => app.UseWhen(
            context => context.Request.Path.StartsWithSegments(DashboardAuth.BasePath, StringComparison.OrdinalIgnoreCase),
            branch => branch.UseMiddleware<DashboardSecurityHeaders>());
}
