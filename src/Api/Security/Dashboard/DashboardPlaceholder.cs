namespace Workflow.Api.Security.Dashboard;

/// <summary>
/// A stand-in <c>GET /dashboard</c> page behind <see cref="DashboardAuth.ReadPolicy"/>, so a login has somewhere
/// to land until the dashboard pages are mapped.
/// </summary>
internal static class DashboardPlaceholder
{
    // NOTE: remove this mapping when the dashboard's own route group maps GET /dashboard; both cannot be mapped.
    public static void MapDashboardPlaceholder(this IEndpointRouteBuilder app)
        => app.MapGroup(DashboardAuth.BasePath).RequireAuthorization(DashboardAuth.ReadPolicy).ExcludeFromDescription()
            .MapGet("/", () => Results.Content(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Workflow dashboard</title></head>" +
                "<body><h1>Workflow dashboard</h1><p>The dashboard pages are not installed in this build.</p></body></html>",
                "text/html; charset=utf-8"));
}
