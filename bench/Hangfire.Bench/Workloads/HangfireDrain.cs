using System.Diagnostics;
using System.Globalization;
using Workflow.Bench.Common;

namespace Hangfire.Bench.Workloads;

/// <summary>
/// Drain: N no-op jobs are enqueued before any server runs, then one or more server processes start. The clock
/// runs from the first server's start (recorded by the process just before it creates its
/// BackgroundJobServer) to the last Succeeded state's time. Afterwards every job must have been processed once.
/// </summary>
internal static class HangfireDrain
{
    private const int TopStatements = 8;

    public static async Task<BenchResult> RunAsync(HangfireContext context, int serverCount)
    {
        var n = context.Settings.HangfireDrainN;
        var workers = context.Settings.HangfireWorkers;
        var databaseName = $"bench_hf_drain_{serverCount}";
        var settings = context.SettingsWith(("n", n), ("servers", serverCount),
            ("worker_count", workers > 0 ? workers : "Hangfire default"), ("preload", "BackgroundJobClient.Enqueue from 16 threads"));
        await using var database = await HangfireDatabase.CreateAsync(context.Admin, databaseName);
        try
        {
            var preload = Stopwatch.StartNew();
            Enqueuer.EnqueueNoops(new BackgroundJobClient(database.Storage), n);
            var preloadSeconds = preload.Elapsed.TotalSeconds;
            await context.Admin.CheckpointAsync();
            await context.Admin.ResetStatisticsAsync(context.StatementStats);

            var meter = CpuMeter.Start(context.PostmasterPid);
            var servers = new List<ChildProcess>();
            Dictionary<string, object?> cpu;
            bool drained;
            try
            {
                for (var i = 1; i <= serverCount; i++)
                {
                    servers.Add(context.Servers.Start($"hf-drain{serverCount}-server{i}", database.ConnectionString, workers));
                }

                drained = await Poll.UntilAsync(
                    async () =>
                    {
                        if (servers.FirstOrDefault(s => s.HasExited) is { } exited)
                        {
                            throw new InvalidOperationException($"Hangfire server {exited.Name} exited during the drain; see its log.");
                        }

                        return await database.JobsInStateAsync("Succeeded") >= n;
                    },
                    TimeSpan.FromMilliseconds(250),
                    context.Settings.DrainTimeout);
                cpu = meter.Stop(servers);
                foreach (var server in servers)
                {
                    cpu[$"peak_rss_mib_{server.Name}"] = Sizes.Mebibytes(server.PeakRssBytes);
                }
            }
            finally
            {
                foreach (var server in servers)
                {
                    await server.DisposeAsync();
                }
            }

            // Statement and WAL statistics are read before the checks below add statements of their own.
            var profile = new Dictionary<string, object?>();
            if (context.StatementStats)
            {
                profile["top_statements"] = await context.Admin.TopStatementsAsync(databaseName, TopStatements);
            }

            foreach (var (key, value) in await context.Admin.WalStatsAsync())
            {
                profile[key] = value;
            }

            var figures = await MeasureAsync(database, n);
            figures["preload_s"] = Math.Round(preloadSeconds, 2);
            foreach (var (key, value) in cpu.Concat(profile))
            {
                figures[key] = value;
            }

            var rate = figures["items_per_s"] as double?;
            var error = drained ? Verify(figures, n) : $"not drained within {context.Settings.DrainTimeout.TotalSeconds} s";
            return HangfireContext.Result("drain", serverCount == 1 ? "1 node" : $"{serverCount} nodes", settings, figures,
                [new Headline("items/s", rate, "items/s", HigherIsBetter: true, rate is null ? "no figure" : null)],
                ["a node is one server process; clock: first server's start to the last Succeeded state"],
                error);
        }
        finally
        {
            await context.Admin.DropDatabaseAsync(databaseName);
        }
    }

    private static async Task<Dictionary<string, object?>> MeasureAsync(HangfireDatabase database, int n)
    {
        const string timing = """
            SELECT (SELECT min(started_at) FROM bench.servers),
                   (SELECT max(createdat) FROM hangfire.state WHERE name = 'Succeeded'),
                   (SELECT min(createdat) FROM hangfire.state WHERE name = 'Processing'),
                   (SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded'),
                   (SELECT count(*) FROM hangfire.state WHERE name = 'Processing'),
                   (SELECT count(*) FROM (SELECT jobid FROM hangfire.state WHERE name = 'Processing'
                                          GROUP BY jobid HAVING count(*) > 1) AS repeated)
            """;
        var row = (await database.RowsAsync(timing))[0];
        var figures = new Dictionary<string, object?>
        {
            ["items_succeeded"] = row[3],
            ["processing_states"] = row[4],
            ["jobs_processed_more_than_once"] = row[5],
        };

        if (row[0] is DateTime serverStart && row[1] is DateTime lastSucceeded)
        {
            var seconds = (lastSucceeded - serverStart.ToUniversalTime()).TotalSeconds;
            figures["node_start_to_last_finish_s"] = Math.Round(seconds, 3);
            figures["items_per_s"] = Math.Round(n / seconds, 1);
            if (row[2] is DateTime firstProcessing)
            {
                figures["node_start_to_first_attempt_s"] = Math.Round((firstProcessing - serverStart.ToUniversalTime()).TotalSeconds, 3);
                figures["items_per_s_from_first_attempt"] = Math.Round(n / (lastSucceeded - firstProcessing).TotalSeconds, 1);
            }
        }

        return figures;
    }

    private static string? Verify(Dictionary<string, object?> figures, int n)
    {
        var errors = new List<string>();
        if (Convert.ToInt64(figures["items_succeeded"], CultureInfo.InvariantCulture) != n)
        {
            errors.Add($"{figures["items_succeeded"]} of {n} jobs succeeded");
        }

        if (Convert.ToInt64(figures["jobs_processed_more_than_once"], CultureInfo.InvariantCulture) != 0)
        {
            errors.Add($"{figures["jobs_processed_more_than_once"]} jobs were processed more than once");
        }

        return errors.Count == 0 ? null : "assertion failed: " + string.Join("; ", errors);
    }

}
