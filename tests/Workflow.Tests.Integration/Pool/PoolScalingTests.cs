using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Pool;
using Workflow.Tests.Integration.Infrastructure;
using Xunit.Abstractions;

namespace Workflow.Tests.Integration.Pool;

/// <summary>
/// A node with a pool of 1 to 4 workers and short scaling intervals grows to 4 under a backlog of slow items and
/// shrinks back to 1 once it is idle, as the scale events in its snapshot record.
/// </summary>
public sealed class PoolScalingTests(DatabaseFixture database, ITestOutputHelper output) : IClassFixture<DatabaseFixture>
{
    private const string Queue = "scaling";
    private const int ItemCount = 40;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Workflow:Queues:0"] = Queue,
        ["Workflow:MinWorkers"] = "1",
        ["Workflow:MaxWorkers"] = "4",
        ["Workflow:Scaling:Enabled"] = "true",
        ["Workflow:Scaling:Interval"] = "00:00:00.200",
        ["Workflow:Scaling:Cooldown"] = "00:00:00.200",
        ["Workflow:Scaling:ScaleUpFactor"] = "2",
        ["Workflow:Scaling:TargetDrainTime"] = "00:00:01",
        ["Workflow:Scaling:ScaleDownDelay"] = "00:00:01",
    };

    [Fact]
    public async Task Backlog_GrowsToMax_ThenIdle_ShrinksToMin()
    {
        await using var server = await WorkflowTestServer.StartAsync(database.ConnectionString, Settings);
        var nodeId = server.Services.GetRequiredService<NodeIdentity>().NodeId;
        var initial = await PoolSnapshots.WaitForAsync(server, nodeId, s => s["scaling"] is not null, "the first snapshot");

        var items = Enumerable.Range(0, ItemCount)
            .Select(_ => new { kind = "delay", queue = Queue, payload = new { milliseconds = 300 } })
            .ToArray();
        using (var response = await server.Client.PostAsJsonAsync("/api/v1/items/batch", new { items }))
        {
            response.EnsureSuccessStatusCode();
        }

        await Eventually.TrueAsync(
            async () => await database.ScalarAsync<long>("SELECT count(*) FROM workflow.work_items WHERE state = 'succeeded'") == ItemCount,
            "every item to succeed",
            TimeSpan.FromSeconds(90));
        var final = await PoolSnapshots.WaitForAsync(
            server, nodeId, s => (int)s["workers"]! == 1 && ScaleDowns(s) > 0, "the idle pool to shrink to 1 worker");

        output.WriteLine($"Scaling at the end: {final["scaling"]}");
        var events = final["scaling"]!["events"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var first = events[0];
        var last = events[^1];
        Assert.Equal(1, (int)initial["workers"]!);
        Assert.Equal(1, (int)first["from"]!);
        Assert.Equal("backlog", (string?)first["reason"]);
        Assert.True((long)first["backlog"]! > 0, $"The first scale-up measured no backlog: {first}");
        Assert.Contains(events, e => (int)e["to"]! == 4 && (string?)e["reason"] == "backlog");
        Assert.All(events, e => Assert.InRange((int)e["to"]!, 1, 4));
        Assert.Equal(1, (int)last["to"]!);
        Assert.Equal("low_utilization", (string?)last["reason"]);
        Assert.True((long)final["scaling"]!["scaleUps"]! >= 2, $"Expected 1 -> 2 -> 4 at least: {final["scaling"]}");
        Assert.Equal(0, (long)final["scaling"]!["backlog"]!);
        Assert.Equal(0, await database.ScalarAsync<long>("SELECT count(*) FROM workflow.attempts WHERE outcome <> 'succeeded'"));

        var scrape = await server.Client.GetStringAsync("/metrics");
        var scaleLines = scrape.Split('\n').Where(line => line.StartsWith("workflow_pool_scale_events_total{", StringComparison.Ordinal)).ToList();
        Assert.Contains(scaleLines, line => line.Contains("direction=\"up\"", StringComparison.Ordinal));
        Assert.Contains(scaleLines, line => line.Contains("direction=\"down\"", StringComparison.Ordinal));
    }

    private static long ScaleDowns(JsonObject snapshot) => (long?)snapshot["scaling"]?["scaleDowns"] ?? 0;
}
