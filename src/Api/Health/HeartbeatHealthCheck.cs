using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Workflow.Engine.Hosting;

namespace Workflow.Api.Health;

/// <summary>
/// Healthy while this node's last successful heartbeat is younger than the age at which it stops leasing work,
/// so a node is ready exactly when it may lease. A host with <c>Workflow:RunWorkers</c> false sends no
/// heartbeat and is healthy here: its readiness depends on the database alone.
/// </summary>
internal sealed class HeartbeatHealthCheck(NodeHeartbeat heartbeat) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = heartbeat.Read();
        if (!status.RunsWorkers)
        {
            return Task.FromResult(HealthCheckResult.Healthy("This host runs no workers, so it sends no heartbeat."));
        }

        var age = status.Age!.Value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var limit = status.MaxAge!.Value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        return Task.FromResult(status.IsCurrent
            ? HealthCheckResult.Healthy($"The last heartbeat succeeded {age} s ago; the limit is {limit} s.")
            : HealthCheckResult.Unhealthy($"The last heartbeat succeeded {age} s ago, past the limit of {limit} s, so this node leases no work."));
    }
}
