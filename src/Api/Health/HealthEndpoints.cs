using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Workflow.Api.Health;

/// <summary>
/// <c>/health/live</c> returns 200 while the process serves requests. <c>/health/ready</c> also requires a
/// reachable database with every migration applied and, on a node that runs workers, a current heartbeat. Both
/// return 200 when healthy and 503 otherwise, with a JSON body that names each check's status.
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddWorkflowHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<HeartbeatHealthCheck>("heartbeat", tags: [ReadyTag]);
        return services;
    }

    public static void MapWorkflowHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
    }
}
