using System.Globalization;
using System.Text.Json;
using Workflow.Bench.Common;

namespace Workflow.Bench.Workloads;

/// <summary>
/// Recovery: node A runs N long <c>delay</c> items, node B runs idle beside it, and A is killed with SIGKILL.
/// The figure is the time from the kill until every one of A's items is leased again by B (its
/// <c>leased_at</c>, PostgreSQL's clock, against the driver's kill time on the same machine clock). Items not
/// leased again within the wait count as lost.
/// </summary>
internal static class RecoveryWorkload
{
    public static async Task<BenchResult> RunAsync(BenchContext context)
    {
        var n = context.Settings.RecoveryN;
        var wait = context.Settings.RecoveryWait;
        var workers = Math.Max(64, n).ToString(CultureInfo.InvariantCulture);
        var nodeSettings = new Dictionary<string, string?> { ["Workflow__MaxWorkers"] = workers };
        const string databaseName = "bench_wf_recovery";
        var settings = context.SettingsWith(("n", n), ("item_seconds", context.Settings.RecoveryDelay.TotalSeconds),
            ("wait_s", wait.TotalSeconds), ("node_settings", $"Workflow__MaxWorkers={workers}, other settings default"));
        await using var database = await BenchDatabase.CreateAsync(context.Admin, databaseName);
        try
        {
            await using var victim = context.Nodes.Start("recovery-victim", database.ConnectionString, nodeSettings);
            using var http = EnqueueWorkloads.CreateClient(1);
            await NodeLauncher.WaitReadyAsync(victim, http);
            var victimId = await database.NodeIdAsync(victim.Process.Id)
                ?? throw new InvalidOperationException("The victim node has no running node row.");

            var response = await EnqueueWorkloads.PostAsync(http, new Uri(victim.BaseAddress, "api/v1/items/batch"),
                ItemJson.Batch(n, ItemJson.Delay(context.Settings.RecoveryDelay)));
            using var json = JsonDocument.Parse(response);
            var ids = json.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToArray();

            const string runningOn = "SELECT count(*) FROM workflow.work_items WHERE id = ANY($1) AND state = 'running' AND leased_by = $2";
            if (!await Poll.UntilAsync(async () => await database.CountAsync(runningOn, ids, victimId) == n,
                TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException($"The victim node did not lease all {n} items within 30 s.");
            }

            await using var survivor = context.Nodes.Start("recovery-survivor", database.ConnectionString, nodeSettings);
            await NodeLauncher.WaitReadyAsync(survivor, http);
            var survivorId = await database.NodeIdAsync(survivor.Process.Id)
                ?? throw new InvalidOperationException("The surviving node has no running node row.");

            var killedAt = DateTime.UtcNow;
            victim.Process.Kill();
            var all = await Poll.UntilAsync(async () => await database.CountAsync(runningOn, ids, survivorId) == n,
                TimeSpan.FromMilliseconds(50), wait);

            const string restarts = """
                SELECT w.leased_at
                FROM workflow.work_items AS w
                WHERE w.id = ANY($1) AND w.state = 'running' AND w.leased_by = $2
                """;
            var restartSeconds = (await database.RowsAsync(restarts, ids, survivorId))
                .Select(r => ((DateTime)r[0]! - killedAt).TotalSeconds).ToList();
            var abandoned = await database.CountAsync(
                "SELECT count(*) FROM workflow.attempts WHERE work_item_id = ANY($1) AND outcome = 'abandoned' AND node_id = $2",
                ids, victimId);
            var lost = n - restartSeconds.Count;

            var figures = Percentiles.Summary(restartSeconds, "restart_s");
            figures["items_in_flight"] = n;
            figures["items_restarted"] = restartSeconds.Count;
            figures["items_lost"] = lost;
            figures["abandoned_attempt_rows"] = abandoned;

            var maxHeadline = all
                ? new Headline("restart time, all items", figures["restart_s_max"] as double?, "s", HigherIsBetter: false)
                : new Headline("restart time, all items", null, "s", HigherIsBetter: false, $"not within {wait.TotalSeconds:0} s");
            return BenchContext.Result("recovery", $"SIGKILL, {n} in flight", settings, figures,
                [maxHeadline, new Headline("items lost", lost, "items", HigherIsBetter: false)],
                ["lost = items not leased again by the surviving node within the wait"],
                lost == 0 ? null : $"{lost} of {n} items did not start again within {wait.TotalSeconds:0} s");
        }
        finally
        {
            await context.Admin.DropDatabaseAsync(databaseName);
        }
    }
}
