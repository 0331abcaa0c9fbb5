using System.Diagnostics;
using System.Globalization;
using Workflow.Bench.Common;

namespace Hangfire.Bench.Workloads;

/// <summary>
/// Memory: N no-op jobs are enqueued before one server process starts, which drains them for at most the
/// configured time. Its peak RSS (VmHWM) is read before it is stopped, with the drain rate it reached.
/// </summary>
internal static class HangfireMemory
{
    public static async Task<BenchResult> RunAsync(HangfireContext context)
    {
        var n = context.Settings.HangfireMemoryN;
        var limit = context.Settings.MemoryDuration;
        var workers = context.Settings.HangfireWorkers;
        const string databaseName = "bench_hf_memory";
        var settings = context.SettingsWith(("n", n), ("max_drain_s", limit.TotalSeconds),
            ("worker_count", workers > 0 ? workers : "Hangfire default"));
        await using var database = await HangfireDatabase.CreateAsync(context.Admin, databaseName);
        try
        {
            var preload = Stopwatch.StartNew();
            Enqueuer.EnqueueNoops(new BackgroundJobClient(database.Storage), n);
            var preloadSeconds = preload.Elapsed.TotalSeconds;
            await context.Admin.CheckpointAsync();

            await using var server = context.Servers.Start("hf-memory-server", database.ConnectionString, workers);
            long maxRss = 0;
            var drained = await Poll.UntilAsync(
                async () =>
                {
                    if (server.HasExited)
                    {
                        throw new InvalidOperationException("The Hangfire memory server exited during the drain; see its log.");
                    }

                    maxRss = Math.Max(maxRss, server.RssBytes ?? 0);
                    return await database.JobsInStateAsync("Succeeded") >= n;
                },
                TimeSpan.FromMilliseconds(250),
                limit);
            var peak = server.PeakRssBytes;
            await server.DisposeAsync();

            const string progress = """
                SELECT (SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded'),
                       (SELECT min(started_at) FROM bench.servers),
                       (SELECT max(createdat) FROM hangfire.state WHERE name = 'Succeeded')
                """;
            var row = (await database.RowsAsync(progress))[0];
            var succeeded = Convert.ToInt64(row[0], CultureInfo.InvariantCulture);
            var seconds = row[1] is DateTime start && row[2] is DateTime last ? (last - start).TotalSeconds : 0;
            var rate = seconds > 0 ? Math.Round(succeeded / seconds, 1) : (double?)null;
            var figures = new Dictionary<string, object?>
            {
                ["preload_s"] = Math.Round(preloadSeconds, 1),
                ["peak_rss_mib"] = Sizes.Mebibytes(peak),
                ["max_sampled_rss_mib"] = Sizes.Mebibytes(maxRss),
                ["drained"] = drained,
                ["items_succeeded"] = succeeded,
                ["drain_s"] = Math.Round(seconds, 1),
                ["items_per_s"] = rate,
            };
            return HangfireContext.Result("memory", "1 node", settings, figures,
            [
                new Headline("peak RSS", Sizes.Mebibytes(peak), "MiB", HigherIsBetter: false),
                new Headline("drain rate while measured", rate, "items/s", HigherIsBetter: true),
            ],
            ["peak RSS is VmHWM of the server process; N is smaller than Workflow's because Hangfire enqueues and drains far slower"],
            peak is null ? "the server's VmHWM could not be read" : null);
        }
        finally
        {
            await context.Admin.DropDatabaseAsync(databaseName);
        }
    }
}
