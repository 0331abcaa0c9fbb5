using System.Diagnostics;
using System.Text.Json;
using Workflow.Bench.Common;

namespace Workflow.Bench.Workloads;

/// <summary>
/// Pickup latency with idle workers: items are submitted one at a time at a fixed rate to a running node, and
/// each latency is <c>attempts.started_at - work_items.created_at</c>: from the INSERT's transaction start
/// (PostgreSQL's clock) to the handler's start (the node's clock, the same machine clock).
/// </summary>
internal static class PickupWorkload
{
    private const int Warmup = 5;

    public static async Task<BenchResult> RunAsync(BenchContext context)
    {
        var n = context.Settings.PickupN;
        var rate = context.Settings.PickupRate;
        const string databaseName = "bench_wf_pickup";
        var settings = context.SettingsWith(("n", n), ("rate_per_s", rate), ("warmup_items", Warmup),
            ("submission", "POST /api/v1/items, one request at a time"));
        await using var database = await BenchDatabase.CreateAsync(context.Admin, databaseName);
        try
        {
            await using var node = context.Nodes.Start("pickup-node", database.ConnectionString);
            using var http = EnqueueWorkloads.CreateClient(1);
            await NodeLauncher.WaitReadyAsync(node, http);
            await context.Nodes.AuthorizeAsync(http, database.ConnectionString);
            var url = new Uri(node.BaseAddress, "api/v1/items");

            // Warm-up items run the handler path once, so JIT compilation is not measured; then the pool idles.
            for (var i = 0; i < Warmup; i++)
            {
                await EnqueueWorkloads.PostAsync(http, url, ItemJson.NoopBody);
            }

            await WaitSucceededAsync(database, Warmup, TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(2));

            var ids = new long[n];
            var requestMs = new double[n];
            var interval = TimeSpan.FromSeconds(1 / rate);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                var due = interval * i;
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                var started = Stopwatch.GetTimestamp();
                var response = await EnqueueWorkloads.PostAsync(http, url, ItemJson.NoopBody);
                requestMs[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                using var json = JsonDocument.Parse(response);
                ids[i] = json.RootElement.GetProperty("id").GetInt64();
            }

            var sent = clock.Elapsed.TotalSeconds;
            var done = await WaitSucceededAsync(database, Warmup + n, TimeSpan.FromSeconds(30));

            const string latencies = """
                SELECT extract(epoch FROM a.started_at - w.created_at) * 1000
                FROM workflow.work_items AS w
                JOIN workflow.attempts AS a ON a.work_item_id = w.id AND a.number = 1
                WHERE w.id = ANY($1)
                """;
            var samples = (await database.RowsAsync(latencies, ids)).Select(r => Convert.ToDouble(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var figures = Percentiles.Summary(samples, "pickup_ms");
            foreach (var (key, value) in Percentiles.Summary(requestMs, "request_ms"))
            {
                figures[key] = value;
            }

            figures["achieved_rate_per_s"] = Math.Round(n / sent, 2);
            figures["peak_rss_mib"] = Sizes.Mebibytes(node.Process.PeakRssBytes);

            var error = !done || samples.Count != n ? $"{samples.Count} of {n} items started within 30 s of the last submission" : null;
            return BenchContext.Result("pickup", $"idle, {rate:0.#}/s", settings, figures,
            [
                Latency(figures, "p50"), Latency(figures, "p95"), Latency(figures, "p99"), Latency(figures, "max"),
            ],
            ["from work_items.created_at to attempts.started_at"],
            error);
        }
        finally
        {
            await context.Admin.DropDatabaseAsync(databaseName);
        }
    }

    private static Headline Latency(Dictionary<string, object?> figures, string name)
        => new($"pickup {name}", figures["pickup_ms_" + name] as double?, "ms", HigherIsBetter: false);

    private static Task<bool> WaitSucceededAsync(BenchDatabase database, int count, TimeSpan timeout)
        => Poll.UntilAsync(
            async () => await database.CountAsync("SELECT count(*) FROM workflow.work_items WHERE state = 'succeeded'") >= count,
            TimeSpan.FromMilliseconds(50),
            timeout);
}
