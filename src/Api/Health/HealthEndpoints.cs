using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Workflow.Persistence;

namespace Workflow.Api.Health;

/// <summary>
/// <c>/health/live</c> answers while the process serves requests; <c>/health/ready</c> also needs the
/// database to answer with every migration applied.
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddWorkflowHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
        return services;
    }

    public static void MapWorkflowHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
    }

    private sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource, IServiceProvider services) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                var pending = await WorkflowDatabase.PendingMigrationsAsync(services, cancellationToken);
                return pending.Count == 0
                    ? HealthCheckResult.Healthy("The database answers and the schema is current.")
                    : HealthCheckResult.Unhealthy($"Migrations not applied: {string.Join(", ", pending)}.");
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy("The database does not answer.", ex);
            }
        }
    }
}
