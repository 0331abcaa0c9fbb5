using Microsoft.Extensions.Logging;

namespace Workflow.Engine.Logging;

/// <summary>Log events of the Quartz.NET schedulers and the cluster-wide jobs, event ids 1300 to 1349.</summary>
internal static partial class SchedulingLog
{
    [LoggerMessage(1300, LogLevel.Information, "Node {NodeId} started its schedulers: {NodeJobs} per-node jobs and the cluster-wide jobs")]
    public static partial void SchedulersStarted(ILogger logger, Guid nodeId, int nodeJobs);

    [LoggerMessage(1301, LogLevel.Information, "Node {NodeId} stopped its schedulers")]
    public static partial void SchedulersStopped(ILogger logger, Guid nodeId);

    [LoggerMessage(1304, LogLevel.Error, "Node {NodeId} failed to shut its schedulers down")]
    public static partial void StopFailed(ILogger logger, Exception exception, Guid nodeId);

    [LoggerMessage(1302, LogLevel.Information, "Node {NodeId} scheduled the cluster-wide job {JobName} every {IntervalMs} ms")]
    public static partial void ClusterJobScheduled(ILogger logger, Guid nodeId, string jobName, double intervalMs);

    [LoggerMessage(1303, LogLevel.Information, "Node {NodeId} removed the cluster-wide job {JobName} from the schedule because its settings disable it")]
    public static partial void ClusterJobRemoved(ILogger logger, Guid nodeId, string jobName);

    [LoggerMessage(1310, LogLevel.Warning, "Node {NodeId} failed to record a run of job {JobName} (fire instance {FireInstanceId})")]
    public static partial void RecordFailed(ILogger logger, Exception exception, Guid nodeId, string jobName, string fireInstanceId);

    [LoggerMessage(1311, LogLevel.Error, "Job {JobName} failed on node {NodeId} (fire instance {FireInstanceId}). It runs again at its next firing")]
    public static partial void JobFailed(ILogger logger, Exception exception, string jobName, Guid nodeId, string fireInstanceId);

    [LoggerMessage(1320, LogLevel.Information, "Retention on node {NodeId} deleted {Items} finished items with their attempts, {JobRuns} job runs and {Statistics} statistics rows")]
    public static partial void RetentionDeleted(ILogger logger, Guid nodeId, long items, long jobRuns, long statistics);

    [LoggerMessage(1321, LogLevel.Debug, "Statistics rollup on node {NodeId} wrote {Rows} rows")]
    public static partial void StatisticsRolledUp(ILogger logger, Guid nodeId, int rows);
}
