using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Workflow.Bench.Common;

namespace Workflow.Bench.Workloads;

/// <summary>
/// Submission rate over HTTP, against one node that runs no workers (<c>Workflow__RunWorkers=false</c>), so
/// the figure is the API and its INSERT alone: single items from C concurrent clients, and batches.
/// </summary>
internal static class EnqueueWorkloads
{
    private const int SingleWarmup = 200;
    private const int BatchWarmup = 2;

    public static async Task<BenchResult> RunSingleAsync(BenchContext context)
    {
        var n = context.Settings.EnqueueN;
        var concurrency = context.Settings.EnqueueConcurrency;
        var settings = context.SettingsWith(("n", n), ("concurrency", concurrency), ("warmup_requests", SingleWarmup),
            ("node_settings", "Workflow__RunWorkers=false"), ("transport", "HTTP/1.1 JSON, POST /api/v1/items"));

        var (figures, expected) = await RunAgainstNodeAsync(context, "bench_wf_enqueue", concurrency, async (http, uri) =>
        {
            var url = new Uri(uri, "api/v1/items");
            await SendAsync(http, url, ItemJson.NoopBody, SingleWarmup, concurrency);
            var latencies = new double[n];
            var stopwatch = Stopwatch.StartNew();
            await RunConcurrentAsync(n, concurrency, async i =>
            {
                var started = Stopwatch.GetTimestamp();
                await PostAsync(http, url, ItemJson.NoopBody);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            });
            var elapsed = stopwatch.Elapsed.TotalSeconds;
            var figures = new Dictionary<string, object?>
            {
                ["elapsed_s"] = Math.Round(elapsed, 3),
                ["items_per_s"] = Math.Round(n / elapsed, 1),
            };
            foreach (var (key, value) in Percentiles.Summary(latencies, "request_ms"))
            {
                figures[key] = value;
            }

            return (figures, SingleWarmup + n);
        });

        var rate = (double)figures["items_per_s"]!;
        return BenchContext.Result("enqueue", $"single items, C={concurrency}", settings, figures,
            [new Headline("items/s", rate, "items/s", HigherIsBetter: true)],
            error: CheckCount(figures, expected));
    }

    public static async Task<BenchResult> RunBatchAsync(BenchContext context)
    {
        var size = context.Settings.BatchSize;
        var batches = Math.Max(1, context.Settings.BatchN / size);
        var n = batches * size;
        var concurrency = context.Settings.BatchConcurrency;
        var settings = context.SettingsWith(("n", n), ("batch_size", size), ("concurrency", concurrency),
            ("warmup_batches", BatchWarmup), ("node_settings", "Workflow__RunWorkers=false"),
            ("transport", "HTTP/1.1 JSON, POST /api/v1/items/batch"));
        var body = ItemJson.Batch(size, ItemJson.Noop);

        var (figures, expected) = await RunAgainstNodeAsync(context, "bench_wf_batch", concurrency, async (http, uri) =>
        {
            var url = new Uri(uri, "api/v1/items/batch");
            await SendAsync(http, url, body, BatchWarmup, concurrency);
            var latencies = new double[batches];
            var stopwatch = Stopwatch.StartNew();
            await RunConcurrentAsync(batches, concurrency, async i =>
            {
                var started = Stopwatch.GetTimestamp();
                await PostAsync(http, url, body);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            });
            var elapsed = stopwatch.Elapsed.TotalSeconds;
            var figures = new Dictionary<string, object?>
            {
                ["elapsed_s"] = Math.Round(elapsed, 3),
                ["items_per_s"] = Math.Round(n / elapsed, 1),
                ["batches_per_s"] = Math.Round(batches / elapsed, 2),
            };
            foreach (var (key, value) in Percentiles.Summary(latencies, "batch_request_ms"))
            {
                figures[key] = value;
            }

            return (figures, (BatchWarmup * size) + n);
        });

        var rate = (double)figures["items_per_s"]!;
        return BenchContext.Result("batch", $"batches of {size}, C={concurrency}", settings, figures,
            [new Headline("items/s", rate, "items/s", HigherIsBetter: true)],
            error: CheckCount(figures, expected));
    }

    /// <summary>
    /// Starts a node without workers in a fresh database, runs <paramref name="measure"/> against it, then adds
    /// the CPU split and the number of stored items to its figures.
    /// </summary>
    private static async Task<(Dictionary<string, object?> Figures, long Expected)> RunAgainstNodeAsync(
        BenchContext context,
        string databaseName,
        int concurrency,
        Func<HttpClient, Uri, Task<(Dictionary<string, object?> Figures, long Expected)>> measure)
    {
        await using var database = await BenchDatabase.CreateAsync(context.Admin, databaseName);
        try
        {
            await using var node = context.Nodes.Start("enqueue-node", database.ConnectionString,
                new Dictionary<string, string?> { ["Workflow__RunWorkers"] = "false" });
            using var http = CreateClient(concurrency);
            await NodeLauncher.WaitReadyAsync(node, http);
            await context.Nodes.AuthorizeAsync(http, database.ConnectionString);
            await context.Admin.CheckpointAsync();
            await context.Admin.ResetStatisticsAsync(context.StatementStats);

            var meter = CpuMeter.Start(context.PostmasterPid);
            var (figures, expected) = await measure(http, node.BaseAddress);
            foreach (var (key, value) in meter.Stop([node.Process]))
            {
                figures[key] = value;
            }

            figures["items_stored"] = await database.CountAsync("SELECT count(*) FROM workflow.work_items");
            if (context.StatementStats)
            {
                figures["top_statements"] = await context.Admin.TopStatementsAsync(databaseName, 6);
            }

            foreach (var (key, value) in await context.Admin.WalStatsAsync())
            {
                figures[key] = value;
            }

            return (figures, expected);
        }
        finally
        {
            await context.Admin.DropDatabaseAsync(databaseName);
        }
    }

    public static HttpClient CreateClient(int concurrency)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, concurrency),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Runs <paramref name="count"/> calls of <paramref name="action"/> (with indexes) on C concurrent tasks.</summary>
    public static Task RunConcurrentAsync(int count, int concurrency, Func<int, Task> action)
    {
        var next = -1;
        var tasks = Enumerable.Range(0, Math.Max(1, concurrency)).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                await action(index);
            }
        }));
        return Task.WhenAll(tasks);
    }

    /// <summary>POSTs a JSON body and throws unless the response is 201 Created.</summary>
    public static async Task<string> PostAsync(HttpClient http, Uri url, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(url, content);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new HttpRequestException($"POST {url} returned {(int)response.StatusCode}: {text}");
        }

        return text;
    }

    private static Task SendAsync(HttpClient http, Uri url, byte[] body, int count, int concurrency)
        => RunConcurrentAsync(count, concurrency, _ => PostAsync(http, url, body));

    private static string? CheckCount(Dictionary<string, object?> figures, long expected)
        => (long)figures["items_stored"]! == expected
            ? null
            : $"the database holds {figures["items_stored"]} items, but {expected} were submitted.";
}
