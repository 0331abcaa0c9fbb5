using System.Diagnostics;
using Workflow.Bench.Common;

namespace Workflow.Bench.Workloads;

/// <summary>
/// Memory: N no-op items are pending when one node starts, which drains them for at most the configured time.
/// Its peak RSS (VmHWM in /proc/PID/status) is read before it is stopped, with the drain rate it reached.
/// </summary>
internal static class MemoryWorkload
{
    public static async Task<BenchResult> RunAsync(BenchContext context)
    {
        var n = context.Settings.MemoryN;
        var limit = context.Settings.MemoryDuration;
        const string databaseName = "bench_wf_memory";
        var settings = context.SettingsWith(("n", n), ("max_drain_s", limit.TotalSeconds));
        await using var database = await BenchDatabase.CreateAsync(context.Admin, databaseName);
        try
        {
            var insert = Stopwatch.StartNew();
            await database.InsertPendingAsync(n);
            var insertSeconds = insert.Elapsed.TotalSeconds;
            await context.Admin.CheckpointAsync();

            await using var node = context.Nodes.Start("memory-node", database.ConnectionString);
            long samples = 0;
            long maxRss = 0;
            var drained = await Poll.UntilAsync(
                async () =>
                {
                    if (node.Process.HasExited)
                    {
                        throw new InvalidOperationException("The memory node exited during the drain; see its log.");
                    }

                    samples++;
                    maxRss = Math.Max(maxRss, node.Process.RssBytes ?? 0);
                    return !await database.HasUnfinishedAsync();
                },
                TimeSpan.FromMilliseconds(250),
                limit);
            var peak = node.Process.PeakRssBytes;
            await node.DisposeAsync();

            const string progress = """
                SELECT (SELECT count(*) FROM workflow.work_items WHERE state = 'succeeded'),
                       extract(epoch FROM (SELECT max(finished_at) FROM workflow.work_items)
                                          - (SELECT min(started_at) FROM workflow.nodes))
                """;
            var row = (await database.RowsAsync(progress))[0];
            var succeeded = Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture);
            var seconds = row[1] is null ? 0 : Convert.ToDouble(row[1], System.Globalization.CultureInfo.InvariantCulture);
            var rate = seconds > 0 ? Math.Round(succeeded / seconds, 1) : (double?)null;
            var figures = new Dictionary<string, object?>
            {
                ["insert_s"] = Math.Round(insertSeconds, 1),
                ["peak_rss_mib"] = Sizes.Mebibytes(peak),
                ["max_sampled_rss_mib"] = Sizes.Mebibytes(maxRss),
                ["rss_samples"] = samples,
                ["drained"] = drained,
                ["items_succeeded"] = succeeded,
                ["drain_s"] = Math.Round(seconds, 1),
                ["items_per_s"] = rate,
            };
            return BenchContext.Result("memory", "1 node", settings, figures,
            [
                new Headline("peak RSS", Sizes.Mebibytes(peak), "MiB", HigherIsBetter: false),
                new Headline("drain rate while measured", rate, "items/s", HigherIsBetter: true),
            ],
            ["peak RSS is VmHWM of the node process; the drain rate runs from the node's start to the last finished item"],
            peak is null ? "the node's VmHWM could not be read" : null);
        }
        finally
        {
            await context.Admin.DropDatabaseAsync(databaseName);
        }
    }
}
