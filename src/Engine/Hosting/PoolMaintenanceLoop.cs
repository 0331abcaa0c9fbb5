using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Health;
using Workflow.Engine.Logging;
using Workflow.Engine.Options;
using Workflow.Engine.Pool;
using Workflow.Engine.Scaling;

namespace Workflow.Engine.Hosting;

/// <summary>
/// Calls <see cref="PoolScaler.EvaluateAsync"/> every <see cref="ScalingOptions.Interval"/> and
/// <see cref="PoolHealthMonitor.CheckAsync"/> every <see cref="HealthOptions.Interval"/> while the node runs. It contains
/// no logic of its own, so a scheduler can call the two methods in its place. Registered after the node, so the host
/// stops it before the node drains.
/// </summary>
internal sealed class PoolMaintenanceLoop(
    IServiceProvider services,
    WorkflowOptions options,
    NodeIdentity node,
    TimeProvider timeProvider,
    ILogger<PoolMaintenanceLoop> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.RunWorkers)
        {
            return Task.CompletedTask;
        }

        var scaler = services.GetRequiredService<PoolScaler>();
        var monitor = services.GetRequiredService<PoolHealthMonitor>();
        var scaling = options.Scaling.Enabled
            ? RepeatAsync("scale its worker pool", options.Scaling.Interval, scaler.EvaluateAsync, stoppingToken)
            : Task.CompletedTask;
        var health = RepeatAsync("check its health", options.Health.Interval, monitor.CheckAsync, stoppingToken);
        return Task.WhenAll(scaling, health);
    }

    private async Task RepeatAsync<T>(
        string operation, TimeSpan interval, Func<CancellationToken, Task<T>> step, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, timeProvider);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await step(stoppingToken).ConfigureAwait(false);
                failing = false;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (failing)
                {
                    ScalingLog.PeriodicStepFailedAgain(logger, ex, node.NodeId, operation);
                }
                else
                {
                    ScalingLog.PeriodicStepFailed(logger, ex, node.NodeId, operation);
                }

                failing = true;
            }
        }
    }
}
