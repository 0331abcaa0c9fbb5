using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Workflow.Persistence;

namespace Workflow.Api.Health;

/// <summary>Healthy while the database runs a query and every migration is applied.</summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource, IServiceProvider services) : IHealthCheck
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
