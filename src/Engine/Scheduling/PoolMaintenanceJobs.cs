using Microsoft.Extensions.Logging;
using Quartz;
using Workflow.Engine.Health;
using Workflow.Engine.Logging;
using Workflow.Engine.Options;
using Workflow.Engine.Pool;
using Workflow.Engine.Scaling;

namespace Workflow.Engine.Scheduling;

/// <summary>
/// The per-node job that makes the pool's scaling decision every <see cref="ScalingOptions.Interval"/>. Quartz.NET
/// runs one firing at a time, which <see cref="PoolScaler"/> needs. With scaling disabled the job does nothing, and the
/// pool keeps <see cref="WorkflowOptions.MaxWorkers"/> workers.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class PoolScalingJob(PoolScaler scaler, WorkflowOptions options, PoolMaintenanceFailures failures) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (options.Scaling.Enabled)
        {
            await failures.RunAsync("scale its worker pool", scaler.EvaluateAsync, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>The per-node job that runs the pool's health check every <see cref="HealthOptions.Interval"/>.</summary>
[DisallowConcurrentExecution]
internal sealed class PoolHealthJob(PoolHealthMonitor monitor, PoolMaintenanceFailures failures) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
        => await failures.RunAsync("check its health", monitor.CheckAsync, cancellationToken).ConfigureAwait(false);
}

/// <summary>
/// Runner of per-node maintenance steps that logs their failures. The first failure is a warning with the exception,
/// and each later failure in a row a shorter line, so a database outage does not fill the log with stack traces.
/// </summary>
internal sealed class PoolMaintenanceFailures(NodeIdentity node, ILogger<PoolMaintenanceFailures> logger)
{
    private readonly HashSet<string> _failing = [];

    public async Task RunAsync<T>(string operation, Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken)
    {
        try
        {
            await step(cancellationToken).ConfigureAwait(false);
            lock (_failing)
            {
                _failing.Remove(operation);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            bool again;
            lock (_failing)
            {
                again = !_failing.Add(operation);
            }

            if (again)
            {
                ScalingLog.PeriodicStepFailedAgain(logger, ex, node.NodeId, operation);
            }
            else
            {
                ScalingLog.PeriodicStepFailed(logger, ex, node.NodeId, operation);
            }
        }
    }
}
