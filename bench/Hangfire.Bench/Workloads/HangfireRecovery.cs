using System.Globalization;
using Workflow.Bench.Common;

namespace Hangfire.Bench.Workloads;

/// <summary>
/// Recovery: server A runs N long jobs, server B runs idle beside it, and A is killed with SIGKILL. The figure
/// is the time from the kill until every one of A's jobs has started again on B (the job records its start).
/// Hangfire.PostgreSql hands a fetched job to another server only after InvisibilityTimeout (30 min by
/// default), so the wait is bounded and the result reports what happened within it.
/// </summary>
internal static class HangfireRecovery
{
    public static async Task<BenchResult> RunAsync(HangfireContext context)
    {
        var n = context.Settings.RecoveryN;
        var wait = context.Settings.RecoveryWait;
        var seconds = (int)context.Settings.RecoveryDelay.TotalSeconds;
        var workers = Math.Max(64, n);
        const string databaseName = "bench_hf_recovery";
        var settings = context.SettingsWith(("n", n), ("item_seconds", seconds), ("wait_s", wait.TotalSeconds),
            ("worker_count", workers));
        await using var database = await HangfireDatabase.CreateAsync(context.Admin, databaseName);
        try
        {
            await using var victim = context.Servers.Start("hf-recovery-victim", database.ConnectionString, workers);
            await ServerLauncher.WaitRegisteredAsync(database, 1, [victim]);
            var client = new BackgroundJobClient(database.Storage);
            for (var i = 0; i < n; i++)
            {
                var index = i;
                client.Enqueue(() => BenchJobs.SleepAsync("recovery", index, seconds, CancellationToken.None));
            }

            const string startedOn = "SELECT count(DISTINCT index) FROM bench.job_starts WHERE run = 'recovery' AND pid = $1";
            if (!await Poll.UntilAsync(async () => await database.CountAsync(startedOn, victim.Id) == n,
                TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60)))
            {
                throw new TimeoutException($"The victim server did not start all {n} jobs within 60 s.");
            }

            await using var survivor = context.Servers.Start("hf-recovery-survivor", database.ConnectionString, workers);
            await ServerLauncher.WaitRegisteredAsync(database, 2, [victim, survivor]);

            var killedAt = DateTime.UtcNow;
            victim.Kill();
            var all = await Poll.UntilAsync(async () => await database.CountAsync(startedOn, survivor.Id) == n,
                TimeSpan.FromMilliseconds(100), wait);

            var restartSeconds = (await database.RowsAsync(
                    "SELECT min(started_at) FROM bench.job_starts WHERE run = 'recovery' AND pid = $1 GROUP BY index", survivor.Id))
                .Select(r => ((DateTime)r[0]! - killedAt).TotalSeconds).ToList();
            var lost = n - restartSeconds.Count;

            var figures = Percentiles.Summary(restartSeconds, "restart_s");
            figures["items_in_flight"] = n;
            figures["items_restarted"] = restartSeconds.Count;
            figures["items_lost"] = lost;
            figures["jobs_still_processing_by_killed_server"] = await database.JobsInStateAsync("Processing");

            var waitText = $"not within {wait.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s";
            var maxHeadline = all
                ? new Headline("restart time, all items", figures["restart_s_max"] as double?, "s", HigherIsBetter: false)
                : new Headline("restart time, all items", null, "s", HigherIsBetter: false, waitText);
            return HangfireContext.Result("recovery", $"SIGKILL, {n} in flight", settings, figures,
                [maxHeadline, new Headline("items lost", lost, "items", HigherIsBetter: false, lost > 0 ? $"{lost} ({waitText})" : null)],
                ["lost = jobs not started again by the surviving server within the wait; " +
                 "Hangfire.PostgreSql's InvisibilityTimeout (30 min by default) decides when a fetched job runs again"]);
        }
        finally
        {
            await context.Admin.DropDatabaseAsync(databaseName);
        }
    }
}
