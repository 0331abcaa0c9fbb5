using System.Globalization;
using Workflow.Bench.Common;

namespace Workflow.Bench.Workloads;

/// <summary>
/// Drain: N no-op items are inserted before any node runs, then one or more node processes start and the
/// clock runs from the first node's start (its <c>nodes.started_at</c>) until the last item is
/// <c>succeeded</c> (its <c>work_items.finished_at</c>); both are PostgreSQL's clock. Afterwards every item
/// must have exactly one succeeded attempt row.
/// </summary>
internal static class DrainWorkload
{
    private const int TopStatements = 8;

    public static async Task<BenchResult> RunAsync(BenchContext context, int nodeCount)
    {
        var n = context.Settings.DrainN;
        var databaseName = $"bench_wf_drain_{nodeCount}";
        var settings = context.SettingsWith(("n", n), ("nodes", nodeCount), ("preload", "INSERT ... SELECT generate_series, then ANALYZE"));
        await using var database = await BenchDatabase.CreateAsync(context.Admin, databaseName);
        try
        {
            await database.InsertPendingAsync(n);
            await context.Admin.CheckpointAsync();
            await context.Admin.ResetStatisticsAsync(context.StatementStats);

            var meter = CpuMeter.Start(context.PostmasterPid);
            var nodes = new List<WorkflowNodeProcess>();
            Dictionary<string, object?> cpu;
            bool drained;
            try
            {
                for (var i = 1; i <= nodeCount; i++)
                {
                    nodes.Add(context.Nodes.Start($"drain{nodeCount}-node{i}", database.ConnectionString));
                }

                drained = await WaitDrainedAsync(database, nodes, context.Settings.DrainTimeout);
                cpu = meter.Stop(nodes.Select(node => node.Process));
                foreach (var node in nodes)
                {
                    cpu[$"peak_rss_mib_{node.Process.Name}"] = Sizes.Mebibytes(node.Process.PeakRssBytes);
                }
            }
            finally
            {
                foreach (var node in nodes)
                {
                    await node.DisposeAsync();
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
            foreach (var (key, value) in cpu.Concat(profile))
            {
                figures[key] = value;
            }

            var error = drained ? Verify(figures, n) : $"not drained within {context.Settings.DrainTimeout.TotalSeconds} s";
            var rate = figures["items_per_s"] as double?;
            return BenchContext.Result("drain", NodesLabel(nodeCount), settings, figures,
                [new Headline("items/s", rate, "items/s", HigherIsBetter: true, rate is null ? "no figure" : null)],
                ["clock: first node's start to the last item's finish, PostgreSQL's now() at both ends"],
                error);
        }
        finally
        {
            await context.Admin.DropDatabaseAsync(databaseName);
        }
    }

    public static string NodesLabel(int nodeCount) => nodeCount == 1 ? "1 node" : $"{nodeCount} nodes";

    /// <summary>Polls until no item is pending or running; fails early when a node process exits.</summary>
    private static Task<bool> WaitDrainedAsync(BenchDatabase database, List<WorkflowNodeProcess> nodes, TimeSpan timeout)
        => Poll.UntilAsync(
            async () =>
            {
                if (nodes.FirstOrDefault(node => node.Process.HasExited) is { } exited)
                {
                    throw new InvalidOperationException($"Node {exited.Process.Name} exited during the drain; see its log.");
                }

                return !await database.HasUnfinishedAsync();
            },
            TimeSpan.FromMilliseconds(250),
            timeout);

    private static async Task<Dictionary<string, object?>> MeasureAsync(BenchDatabase database, int n)
    {
        const string timing = """
            SELECT (SELECT min(started_at) FROM workflow.nodes),
                   (SELECT max(finished_at) FROM workflow.work_items),
                   (SELECT min(started_at) FROM workflow.attempts),
                   (SELECT count(*) FROM workflow.work_items WHERE state = 'succeeded'),
                   (SELECT count(*) FROM workflow.attempts),
                   (SELECT count(*) FROM workflow.attempts WHERE outcome = 'succeeded')
            """;
        const string notExactlyOnce = """
            SELECT count(*)
            FROM workflow.work_items AS w
            WHERE (SELECT count(*) FROM workflow.attempts AS a WHERE a.work_item_id = w.id AND a.outcome = 'succeeded') <> 1
            """;
        const string perNode = """
            SELECT n.process_id, count(*)
            FROM workflow.attempts AS a
            JOIN workflow.nodes AS n ON n.id = a.node_id
            GROUP BY n.process_id
            ORDER BY n.process_id
            """;

        var row = (await database.RowsAsync(timing))[0];
        var figures = new Dictionary<string, object?>
        {
            ["items_succeeded"] = row[3],
            ["attempts"] = row[4],
            ["attempts_succeeded"] = row[5],
            ["items_without_exactly_one_succeeded_attempt"] = await database.CountAsync(notExactlyOnce),
            ["attempts_per_node"] = (await database.RowsAsync(perNode)).Select(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture)).ToList(),
        };

        if (row[0] is DateTime nodeStart && row[1] is DateTime lastFinish)
        {
            var seconds = (lastFinish - nodeStart).TotalSeconds;
            figures["node_start_to_last_finish_s"] = Math.Round(seconds, 3);
            figures["items_per_s"] = Math.Round(n / seconds, 1);
            if (row[2] is DateTime firstAttempt)
            {
                figures["node_start_to_first_attempt_s"] = Math.Round((firstAttempt - nodeStart).TotalSeconds, 3);
                figures["items_per_s_from_first_attempt"] = Math.Round(n / (lastFinish - firstAttempt).TotalSeconds, 1);
            }
        }

        return figures;
    }

    private static string? Verify(Dictionary<string, object?> figures, int n)
    {
        var errors = new List<string>();
        if (Convert.ToInt64(figures["items_succeeded"], CultureInfo.InvariantCulture) != n)
        {
            errors.Add($"{figures["items_succeeded"]} of {n} items succeeded");
        }

        if ((long)figures["items_without_exactly_one_succeeded_attempt"]! != 0)
        {
            errors.Add($"{figures["items_without_exactly_one_succeeded_attempt"]} items do not have exactly one succeeded attempt");
        }

        return errors.Count == 0 ? null : "assertion failed: " + string.Join("; ", errors);
    }

}
