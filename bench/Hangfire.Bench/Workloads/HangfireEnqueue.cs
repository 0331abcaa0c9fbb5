using System.Diagnostics;
using Workflow.Bench.Common;

namespace Hangfire.Bench.Workloads;

/// <summary>
/// Enqueue rate: <c>BackgroundJobClient.Enqueue</c> of a no-op job from C concurrent threads, in process
/// (Hangfire's client API; no HTTP), with no server running. Hangfire.Core has no batch API, so the batch
/// workload only records that.
/// </summary>
internal static class HangfireEnqueue
{
    private const int Warmup = 200;

    public static async Task<BenchResult> RunSingleAsync(HangfireContext context)
    {
        var n = context.Settings.EnqueueN;
        var concurrency = context.Settings.EnqueueConcurrency;
        const string databaseName = "bench_hf_enqueue";
        var settings = context.SettingsWith(("n", n), ("concurrency", concurrency), ("warmup_jobs", Warmup),
            ("api", "BackgroundJobClient.Enqueue(() => BenchJobs.Noop()), in process, no server running"));
        await using var database = await HangfireDatabase.CreateAsync(context.Admin, databaseName);
        try
        {
            var client = new BackgroundJobClient(database.Storage);
            Enqueuer.Run(Warmup, concurrency, _ => client.Enqueue(() => BenchJobs.Noop()));
            await context.Admin.CheckpointAsync();

            var meter = CpuMeter.Start(context.PostmasterPid);
            var latencies = new double[n];
            var stopwatch = Stopwatch.StartNew();
            Enqueuer.Run(n, concurrency, i =>
            {
                var started = Stopwatch.GetTimestamp();
                client.Enqueue(() => BenchJobs.Noop());
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            });
            var elapsed = stopwatch.Elapsed.TotalSeconds;

            var figures = meter.Stop([]);
            figures["elapsed_s"] = Math.Round(elapsed, 3);
            figures["items_per_s"] = Math.Round(n / elapsed, 1);
            foreach (var (key, value) in Percentiles.Summary(latencies, "enqueue_ms"))
            {
                figures[key] = value;
            }

            var stored = await database.CountAsync("SELECT count(*) FROM hangfire.job");
            figures["items_stored"] = stored;
            return HangfireContext.Result("enqueue", $"single items, C={concurrency}", settings, figures,
                [new Headline("items/s", n / elapsed, "items/s", HigherIsBetter: true)],
                error: stored == Warmup + n ? null : $"the database holds {stored} jobs, but {Warmup + n} were enqueued.");
        }
        finally
        {
            await context.Admin.DropDatabaseAsync(databaseName);
        }
    }

    public static BenchResult Batch(HangfireContext context)
        => HangfireContext.Result("batch", $"batches of {context.Settings.BatchSize}, C={context.Settings.BatchConcurrency}",
            context.SettingsWith(), [],
            [new Headline("items/s", null, "items/s", HigherIsBetter: true, "no batch API")],
            ["Hangfire.Core 1.8 has no batch submission (batches are a Hangfire Pro feature), so nothing was measured"]);
}
