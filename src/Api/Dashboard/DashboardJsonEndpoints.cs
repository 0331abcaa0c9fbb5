using System.Globalization;
using Workflow.Api.Problems;
using Workflow.Persistence.Dashboard;

namespace Workflow.Api.Dashboard;

/// <summary>
/// JSON routes that the dashboard's scripts poll:
/// <list type="table">
/// <item><term>GET /dashboard/api/live?seconds=</term><description>succeeded and failed attempts per second, last 1 to 60 s</description></item>
/// </list>
/// </summary>
internal static class DashboardJsonEndpoints
{
    public static RouteGroupBuilder MapDashboardJson(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(DashboardSetup.BasePath + "/api").ExcludeFromDescription();
        group.MapGet("/live", GetLiveAsync);
        return group;
    }

    private static async Task<IResult> GetLiveAsync(string? seconds, DashboardStatsQuery stats, CancellationToken cancellationToken)
    {
        var window = DashboardStatsQuery.MaxRateWindowSeconds;
        if (seconds is not null
            && (!int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out window)
                || window is < 1 or > DashboardStatsQuery.MaxRateWindowSeconds))
        {
            return ApiProblems.Validation(
                "seconds", $"The window must be a whole number of seconds from 1 to {DashboardStatsQuery.MaxRateWindowSeconds}.");
        }

        var rates = await stats.GetRatesAsync(window, cancellationToken);
        return Results.Ok(rates);
    }
}
