using System.Diagnostics;
using System.Globalization;
using Workflow.Bench.Common;

namespace Hangfire.Bench.Workloads;

/// <summary>
/// Pickup latency with idle workers and Hangfire's default options: jobs are enqueued one at a time at a fixed
/// rate, each carrying the driver's time just before <c>Enqueue</c>, and each job records when it started.
/// With the default QueuePollInterval of 15 s an idle worker finds a new job only when it polls again.
/// </summary>
internal static class HangfirePickup
{
    private const int Warmup = 5;
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(60);

    public static async Task<BenchResult> RunAsync(HangfireContext context)
    {
        var n = context.Settings.PickupN;
        var rate = context.Settings.PickupRate;
        const string databaseName = "bench_hf_pickup";
        var settings = context.SettingsWith(("n", n), ("rate_per_s", rate), ("warmup_jobs", Warmup),
            ("worker_count", "Hangfire default"), ("submission", "BackgroundJobClient.Enqueue, one at a time"));
        await using var database = await HangfireDatabase.CreateAsync(context.Admin, databaseName);
        try
        {
            await using var server = context.Servers.Start("hf-pickup-server", database.ConnectionString, workers: 0);
            await ServerLauncher.WaitRegisteredAsync(database, 1, [server]);
            var client = new BackgroundJobClient(database.Storage);

            for (var i = 0; i < Warmup; i++)
            {
                client.Enqueue(() => BenchJobs.RecordStart("warmup", i, DateTime.UtcNow));
            }

            await WaitStartedAsync(database, "warmup", Warmup, StartWait);
            await Task.Delay(TimeSpan.FromSeconds(2));

            var interval = TimeSpan.FromSeconds(1 / rate);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                var due = interval * i;
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                var index = i;
                var enqueuedAt = DateTime.UtcNow;
                client.Enqueue(() => BenchJobs.RecordStart("pickup", index, enqueuedAt));
            }

            var sent = clock.Elapsed.TotalSeconds;
            var all = await WaitStartedAsync(database, "pickup", n, StartWait);
            var samples = (await database.RowsAsync(
                    "SELECT extract(epoch FROM started_at - enqueued_at) * 1000 FROM bench.job_starts WHERE run = 'pickup'"))
                .Select(r => Convert.ToDouble(r[0], CultureInfo.InvariantCulture)).ToList();

            var figures = Percentiles.Summary(samples, "pickup_ms");
            figures["achieved_rate_per_s"] = Math.Round(n / sent, 2);
            figures["peak_rss_mib"] = Sizes.Mebibytes(server.PeakRssBytes);
            return HangfireContext.Result("pickup", $"idle, {rate:0.#}/s", settings, figures,
            [
                Latency(figures, "p50"), Latency(figures, "p95"), Latency(figures, "p99"), Latency(figures, "max"),
            ],
            ["from just before BackgroundJobClient.Enqueue (driver clock) to the job method's start (server clock, same machine)",
             "Hangfire.PostgreSql's QueuePollInterval defaults to 15 s and EnableLongPolling to false"],
            all ? null : $"{samples.Count} of {n} jobs started within {StartWait.TotalSeconds} s of the last submission");
        }
        finally
        {
            await context.Admin.DropDatabaseAsync(databaseName);
        }
    }

    private static Headline Latency(Dictionary<string, object?> figures, string name)
        => new($"pickup {name}", figures["pickup_ms_" + name] as double?, "ms", HigherIsBetter: false);

    private static Task<bool> WaitStartedAsync(HangfireDatabase database, string run, int count, TimeSpan timeout)
        => Poll.UntilAsync(
            async () => await database.CountAsync("SELECT count(*) FROM bench.job_starts WHERE run = $1", run) >= count,
            TimeSpan.FromMilliseconds(100),
            timeout);
}
