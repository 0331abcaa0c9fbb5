using Microsoft.Extensions.Logging;
using Quartz;
using Quartz.Extensibility;
using Workflow.Engine.Logging;
using Workflow.Engine.Pool;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Scheduling;

/// <summary>
/// Records every firing of a cluster-wide job in <c>workflow.job_runs</c>: a row with outcome <c>running</c> when it
/// starts and its outcome, rows affected and error when it ends. The rows show which node ran each scheduled fire
/// time. A failed write is logged and does not stop the job, so a row can be missing after a database outage.
/// </summary>
internal sealed class JobRunRecorder(IMaintenanceStore store, NodeIdentity node, ILogger<JobRunRecorder> logger) : IJobListener
{
    /// <summary>Name of the <see cref="JobRunReport"/> metric that carries the rows a run changed.</summary>
    public const string RowsMetric = "rows";

    /// <summary>Time the end of a run gets to be stored, even when the scheduler is shutting down.</summary>
    private static readonly TimeSpan RecordTimeout = TimeSpan.FromSeconds(5);

    public string Name => "workflow-job-runs";

    public async ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var run = RunOf(context);
        try
        {
            await store.RecordJobStartedAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SchedulingLog.RecordFailed(logger, ex, node.NodeId, run.JobName, run.FireInstanceId);
        }
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default)
        => ValueTask.CompletedTask;

    public async ValueTask JobWasExecuted(
        IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        var run = RunOf(context);
        var outcome = OutcomeOf(context, jobException);
        if (outcome.Outcome == "failed")
        {
            SchedulingLog.JobFailed(logger, jobException!.InnerException ?? jobException, run.JobName, node.NodeId, run.FireInstanceId);
        }

        using var timeout = new CancellationTokenSource(RecordTimeout);
        try
        {
            await store.RecordJobFinishedAsync(run, outcome, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            SchedulingLog.RecordFailed(logger, ex, node.NodeId, run.JobName, run.FireInstanceId);
        }
    }

    public ValueTask JobProgressChanged(IJobExecutionContext context, FireInstanceProgress progress, CancellationToken cancellationToken = default)
        => ValueTask.CompletedTask;

    private JobRun RunOf(IJobExecutionContext context)
        => new(
            context.JobDetail.Key.Name,
            context.FireInstanceId,
            node.NodeId,
            context.ScheduledFireTimeUtc ?? context.FireTimeUtc,
            context.FireTimeUtc);

    private static JobRunOutcome OutcomeOf(IJobExecutionContext context, JobExecutionException? jobException)
    {
        var finishedAt = context.FireTimeUtc + context.JobRunTime;
        var report = context.Result as IJobRunReport;
        long? rows = report?.Metrics?.TryGetValue(RowsMetric, out var value) == true ? Convert.ToInt64(value, null) : null;
        if (context.Outcome == ExecutionOutcome.Cancelled
            || (jobException?.InnerException is OperationCanceledException && context.CancellationToken.IsCancellationRequested))
        {
            return new JobRunOutcome("cancelled", finishedAt, rows, null);
        }

        if (jobException is not null)
        {
            var error = jobException.InnerException ?? jobException;
            return new JobRunOutcome("failed", finishedAt, rows, $"{error.GetType().Name}: {error.Message}");
        }

        var outcome = report?.Result == JobRunResult.Skipped ? "skipped" : "succeeded";
        return new JobRunOutcome(outcome, finishedAt, rows, null);
    }
}
