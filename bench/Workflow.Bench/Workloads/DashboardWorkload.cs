using System.Diagnostics;
using System.Net;
using Workflow.Bench.Common;

namespace Workflow.Bench.Workloads;

/// <summary>
/// Dashboard page times on a large table: N finished items (1 % dead, every 50th of another kind, each with one
/// attempt) are inserted with INSERT ... SELECT generate_series, then one node serves each page repeatedly. A
/// sample is the time from sending the request to reading the whole HTML page over loopback HTTP, so it includes
/// the server's queries and rendering.
/// </summary>
internal static class DashboardWorkload
{
    private const int Warmup = 5;
    private const double GoalMs = 100;

    public static async Task<BenchResult> RunAsync(BenchContext context)
    {
        var n = context.Settings.DashboardN;
        var requests = context.Settings.DashboardRequests;
        const string databaseName = "bench_wf_dashboard";
        var settings = context.SettingsWith(("n", n), ("requests_per_page", requests), ("warmup_requests", Warmup));
        await using var database = await BenchDatabase.CreateAsync(context.Admin, databaseName);
        try
        {
            await InsertFinishedAsync(database, n);
            var newest = await database.CountAsync("SELECT max(id) FROM workflow.work_items");
            var dead = await database.CountAsync("SELECT max(id) FROM workflow.work_items WHERE state = 'dead'");

            await using var node = context.Nodes.Start("dashboard-node", database.ConnectionString);
            using var http = EnqueueWorkloads.CreateClient(1);
            await NodeLauncher.WaitReadyAsync(node, http);

            var pages = new (string Name, string Path)[]
            {
                ("items", "dashboard/items"),
                ("items_deep", $"dashboard/items?state=succeeded&before={newest / 2}"),
                ("items_kind_filter", "dashboard/items?kind=report.build"),
                ("detail", $"dashboard/items/{newest / 2}"),
                ("detail_dead", $"dashboard/items/{dead}"),
                ("overview", "dashboard"),
            };
            var figures = new Dictionary<string, object?>();
            foreach (var (name, path) in pages)
            {
                var samples = await TimeAsync(http, new Uri(node.BaseAddress, path), requests);
                foreach (var (key, value) in Percentiles.Summary(samples, name + "_ms"))
                {
                    figures[key] = value;
                }
            }

            return BenchContext.Result("dashboard", $"{n:N0} finished items", settings, figures,
            [
                Time(figures, "items", "p50"), Time(figures, "items", "p95"),
                Time(figures, "items_deep", "p95"), Time(figures, "items_kind_filter", "p95"),
                Time(figures, "detail", "p50"), Time(figures, "detail", "p95"),
            ],
            [$"goal: p95 under {GoalMs} ms for the items list and an item's detail page",
             "time from request to the last byte of the HTML page over loopback HTTP"]);
        }
        finally
        {
            await context.Admin.DropDatabaseAsync(databaseName);
        }
    }

    private static async Task<List<double>> TimeAsync(HttpClient http, Uri url, int requests)
    {
        var samples = new List<double>(requests);
        for (var i = 0; i < Warmup + requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {url} returned {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
            }

            if (i >= Warmup)
            {
                samples.Add(elapsed);
            }
        }

        return samples;
    }

    /// <summary>Inserts finished items with one attempt each, in chunks, then vacuums and analyzes both tables.</summary>
    private static async Task InsertFinishedAsync(BenchDatabase database, int count)
    {
        for (var done = 0; done < count; done += BenchDatabase.InsertChunk)
        {
            var rows = Math.Min(BenchDatabase.InsertChunk, count - done);
            await database.ExecuteAsync($"""
                WITH inserted AS (
                    INSERT INTO workflow.work_items (kind, queue, state, payload, priority, run_at, attempt, failed_attempts,
                                                     max_attempts, tags, result, last_error, last_error_category,
                                                     created_at, updated_at, finished_at)
                    SELECT CASE WHEN g % 50 = 0 THEN 'report.build' ELSE 'noop' END,
                           'default',
                           CASE WHEN g % 100 = 0 THEN 'dead' ELSE 'succeeded' END,
                           jsonb_build_object('order', g, 'password', 'secret'),
                           0, now(), 1,
                           CASE WHEN g % 100 = 0 THEN 1 ELSE 0 END,
                           1,
                           CASE WHEN g % 1000 = 0 THEN ARRAY['rare'] ELSE ARRAY[]::text[] END,
                           CASE WHEN g % 100 = 0 THEN NULL ELSE jsonb_build_object('ok', true) END,
                           CASE WHEN g % 100 = 0 THEN 'Planned failure of the benchmark.' END,
                           CASE WHEN g % 100 = 0 THEN 'permanent' END,
                           now(), now(), now()
                    FROM generate_series({done + 1}, {done + rows}) AS g
                    RETURNING id, state
                )
                INSERT INTO workflow.attempts (work_item_id, number, lease_token, started_at, finished_at, duration_ms,
                                               outcome, error_category, error_message, error_stack)
                SELECT id, 1, gen_random_uuid(), now() - interval '1 hour', now() - interval '1 hour', 3,
                       CASE WHEN state = 'dead' THEN 'failed' ELSE 'succeeded' END,
                       CASE WHEN state = 'dead' THEN 'permanent' END,
                       CASE WHEN state = 'dead' THEN 'Planned failure of the benchmark.' END,
                       CASE WHEN state = 'dead' THEN repeat('   at Bench.Handler.Run()' || chr(10), 40) END
                FROM inserted
                """);
            Progress.Write($"{database.Name}: inserted {done + rows:N0} of {count:N0} finished items");
        }

        await database.ExecuteAsync("VACUUM ANALYZE workflow.work_items");
        await database.ExecuteAsync("VACUUM ANALYZE workflow.attempts");
    }

    private static Headline Time(Dictionary<string, object?> figures, string page, string percentile)
        => new($"{page.Replace('_', ' ')} {percentile}", figures[$"{page}_ms_{percentile}"] as double?, "ms", HigherIsBetter: false);
}
