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
            await context.Nodes.AuthorizeAsync(http, database.ConnectionString);
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

            // The victim must still hold every item when it dies; otherwise the figure measures something else.
            const string victimState = """
                SELECT n.state,
                       extract(epoch FROM now() - n.heartbeat_at),
                       (SELECT count(*) FROM workflow.work_items WHERE id = ANY($1) AND state = 'running' AND leased_by = $2),
                       extract(epoch FROM (SELECT min(lease_expires_at) FROM workflow.work_items WHERE id = ANY($1)) - now())
                FROM workflow.nodes AS n
                WHERE n.id = $2
                """;
            var before = (await database.RowsAsync(victimState, ids, victimId))[0];
            var heldBeforeKill = Convert.ToInt64(before[2], CultureInfo.InvariantCulture);

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
            const string abandonedByType = """
                SELECT error_type, count(*)
                FROM workflow.attempts
                WHERE work_item_id = ANY($1) AND outcome = 'abandoned'
                GROUP BY error_type
                """;
            var abandonedTypes = (await database.RowsAsync(abandonedByType, ids))
                .ToDictionary(r => (string?)r[0] ?? "(none)", r => (object?)r[1]);

            var figures = Percentiles.Summary(restartSeconds, "restart_s");
            figures["victim_state_before_kill"] = before[0];
            figures["victim_heartbeat_age_s_before_kill"] = before[1] is null ? null : Math.Round(Convert.ToDouble(before[1], CultureInfo.InvariantCulture), 2);
            figures["items_held_by_victim_before_kill"] = heldBeforeKill;
            figures["min_lease_left_s_before_kill"] = before[3] is null ? null : Math.Round(Convert.ToDouble(before[3], CultureInfo.InvariantCulture), 2);
            figures["abandoned_attempts_by_error_type"] = abandonedTypes;
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
                Failure(n, lost, heldBeforeKill, wait));
        }
        finally
        {
            await context.Admin.DropDatabaseAsync(databaseName);
        }
    }

    private static string? Failure(int n, int lost, long heldBeforeKill, TimeSpan wait)
    {
        var errors = new List<string>();
        if (heldBeforeKill < n)
        {
            errors.Add($"only {heldBeforeKill} of {n} items were still leased by the victim when it was killed: the others were " +
                       "released while it was alive, so their restart time does not measure recovery");
        }

        if (lost > 0)
        {
            errors.Add($"{lost} of {n} items did not start again within {wait.TotalSeconds:0} s");
        }

        return errors.Count == 0 ? null : string.Join("; ", errors);
    }
}
