using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using Workflow.Engine.Logging;
using Workflow.Engine.Options;
using Workflow.Engine.Pool;

namespace Workflow.Engine.Scheduling;

/// <summary>
/// Starts and stops the node's two Quartz.NET schedulers with the node. The per-node scheduler runs the jobs added
/// with <see cref="SchedulingServiceCollectionExtensions.AddNodeJob{TJob}"/>. The cluster-wide scheduler runs the
/// recovery sweep, retention and the statistics rollup, each firing on one node of the cluster.
/// </summary>
internal sealed class WorkflowSchedulers(
    IServiceProvider services,
    IEnumerable<NodeJobRegistration> nodeJobs,
    JobRunRecorder recorder,
    WorkflowOptions options,
    NodeIdentity node,
    ILogger<WorkflowSchedulers> logger)
{
    private IScheduler? _node;
    private IScheduler? _cluster;

    /// <summary>
    /// Builds both schedulers, brings the cluster's schedule in line with this node's options and starts them. The
    /// cluster's triggers live in the database, so the node that starts last decides their intervals and whether the
    /// optional jobs run: give every node the same settings.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await BuildAndStartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A host whose start failed never calls StopAsync, and a scheduler left running would go on using the
            // connection pool after the host disposed it.
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        SchedulingLog.SchedulersStarted(logger, node.NodeId, nodeJobs.Count());
    }

    private async Task BuildAndStartAsync(CancellationToken cancellationToken)
    {
        _node = await services.GetRequiredKeyedService<ISchedulerFactory>(SchedulerKeys.NodeScheduler)
            .GetScheduler(cancellationToken).ConfigureAwait(false);
        foreach (var job in nodeJobs)
        {
            await PeriodicJob.ScheduleAsync(_node, job.JobType.Name, job.JobType, job.Interval(options), cancellationToken)
                .ConfigureAwait(false);
        }

        _cluster = await services.GetRequiredKeyedService<ISchedulerFactory>(SchedulerKeys.ClusterScheduler)
            .GetScheduler(cancellationToken).ConfigureAwait(false);
        _cluster.ListenerManager.AddJobListener(recorder, [Matchers.AllJobs()]);
        await ScheduleClusterJobAsync(RecoverySweepJob.Name, typeof(RecoverySweepJob), options.RecoveryInterval, enabled: true, cancellationToken)
            .ConfigureAwait(false);
        await ScheduleClusterJobAsync(RetentionJob.Name, typeof(RetentionJob), options.Retention.Interval, options.Retention.Enabled, cancellationToken)
            .ConfigureAwait(false);
        await ScheduleClusterJobAsync(
            StatisticsRollupJob.Name, typeof(StatisticsRollupJob), options.Statistics.Interval, options.Statistics.Enabled, cancellationToken)
            .ConfigureAwait(false);

        await _node.Start(cancellationToken).ConfigureAwait(false);
        await _cluster.Start(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Shuts both schedulers down. Running jobs are cancelled through their cancellation token and awaited, so
    /// nothing runs on after the node stopped. A job that ignores its token delays the shutdown until
    /// <paramref name="cancellationToken"/> fires. A cluster-wide firing cut short this way is not run again.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var shutdowns = new[] { _node, _cluster }
            .Where(s => s is not null)
            .Select(s => s!.Shutdown(waitForJobsToComplete: true, cancellationToken).AsTask());
        await Task.WhenAll(shutdowns).ConfigureAwait(false);
        _node = null;
        _cluster = null;
        SchedulingLog.SchedulersStopped(logger, node.NodeId);
    }

    private async Task ScheduleClusterJobAsync(string name, Type jobType, TimeSpan interval, bool enabled, CancellationToken cancellationToken)
    {
        if (!enabled)
        {
            if (await PeriodicJob.RemoveAsync(_cluster!, name, cancellationToken).ConfigureAwait(false))
            {
                SchedulingLog.ClusterJobRemoved(logger, node.NodeId, name);
            }

            return;
        }

        if (await PeriodicJob.ScheduleAsync(_cluster!, name, jobType, interval, cancellationToken).ConfigureAwait(false))
        {
            SchedulingLog.ClusterJobScheduled(logger, node.NodeId, name, interval.TotalMilliseconds);
        }
    }
}
