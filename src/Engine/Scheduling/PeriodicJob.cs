using Quartz;

namespace Workflow.Engine.Scheduling;

/// <summary>
/// Puts a job on a scheduler with a trigger that repeats forever, one interval after the end of each run. A trigger
/// that misfired (it was more than the misfire threshold late, for example because every node was down) fires once,
/// right away, and keeps its interval from there, so missed firings never run one after another.
/// </summary>
internal static class PeriodicJob
{
    /// <summary>
    /// Schedules <paramref name="jobType"/> under <paramref name="name"/> every <paramref name="interval"/>. A trigger
    /// that already repeats at that interval is kept as it is, so nodes that start one after another do not push
    /// a cluster-wide job's next firing back each time. Returns true when it created or replaced the trigger.
    /// </summary>
    public static async Task<bool> ScheduleAsync(
        IScheduler scheduler, string name, Type jobType, TimeSpan interval, CancellationToken cancellationToken)
    {
        var jobKey = new JobKey(name);
        var triggerKey = new TriggerKey(name);
        var existingJob = await scheduler.GetJobDetail(jobKey, cancellationToken).ConfigureAwait(false);
        var existingTrigger = await scheduler.GetTrigger(triggerKey, cancellationToken).ConfigureAwait(false) as ISimpleTrigger;
        if (existingJob?.JobType.Type == jobType
            && existingTrigger is { RepeatInterval: var repeat, MeasureIntervalFromCompletion: true }
            && repeat == interval)
        {
            return false;
        }

        var job = JobBuilder.Create()
            .OfType(jobType)
            .WithIdentity(jobKey)
            .DisallowConcurrentExecution(true)
            .StoreDurably(true)
            .Build();
        var trigger = TriggerBuilder.Create(scheduler.TimeProvider)
            .WithIdentity(triggerKey)
            .ForJob(jobKey)
            .StartNow()
            .WithSchedule(SimpleScheduleBuilder.Create()
                .WithInterval(interval)
                .RepeatForever()
                .MeasureIntervalFromCompletion(true)
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount))
            .Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken).ConfigureAwait(false);
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Removes the job and its trigger, if the scheduler has them. Returns true when it removed them.</summary>
    public static async Task<bool> RemoveAsync(IScheduler scheduler, string name, CancellationToken cancellationToken)
        => await scheduler.DeleteJob(new JobKey(name), cancellationToken).ConfigureAwait(false);
}
