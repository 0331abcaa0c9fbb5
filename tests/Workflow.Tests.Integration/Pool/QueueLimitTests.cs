using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Pool;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Pool;

/// <summary>
/// A node of 6 workers leases two queues, and <c>slow</c> is limited to 2 items at once: at most 2 slow items run at
/// any time, by the attempt rows' start and end times, while the items of <c>fast</c> still run next to them.
/// </summary>
public sealed class QueueLimitTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private const int SlowItems = 10;
    private const int FastItems = 10;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Workflow:Queues:0"] = "slow",
        ["Workflow:Queues:1"] = "fast",
        ["Workflow:QueueLimits:slow"] = "2",
        ["Workflow:MaxWorkers"] = "6",
    };

    [Fact]
    public async Task SlowQueueLimit_HoldsWhileFastQueueRuns()
    {
        await using var server = await WorkflowTestServer.StartAsync(database.ConnectionString, Settings);
        var nodeId = server.Services.GetRequiredService<NodeIdentity>().NodeId;

        await SubmitAsync(server, "slow", SlowItems, milliseconds: 1500);
        await SubmitAsync(server, "fast", FastItems, milliseconds: 100);
        var limited = await PoolSnapshots.WaitForAsync(
            server, nodeId, s => SlowUsage(s)?["busy"] is { } busy && (int)busy == 2, "2 slow items to run");
        await Eventually.TrueAsync(
            async () => await CountAsync("fast", "succeeded") == FastItems, "every fast item to succeed");
        var slowUnfinished = SlowItems - await CountAsync("slow", "succeeded");
        await Eventually.TrueAsync(
            async () => await CountAsync("slow", "succeeded") == SlowItems, "every slow item to succeed", TimeSpan.FromSeconds(60));

        Assert.Equal(2, (int)SlowUsage(limited)!["limit"]!);
        Assert.True(slowUnfinished > 0, "The slow queue had drained before the fast items finished, so the test shows nothing.");
        Assert.Equal(2, await MaxConcurrentAsync("slow"));
        Assert.True(await MaxConcurrentAsync("fast") >= 2, "The fast items never ran side by side.");
    }

    [Fact]
    public async Task LimitOfUnservedQueue_LogsWarning()
    {
        var logs = new LogCapture();
        var settings = new Dictionary<string, string?>(Settings) { ["Workflow:QueueLimits:reprots"] = "3" };

        await using var server = await WorkflowTestServer.StartAsync(
            database.ConnectionString, settings, services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));

        var warning = Assert.Single(logs.WithEventId(1031));
        Assert.Contains("queue reprots", warning.Message, StringComparison.Ordinal);
    }

    private static async Task SubmitAsync(WorkflowTestServer server, string queue, int count, int milliseconds)
    {
        var items = Enumerable.Range(0, count).Select(_ => new { kind = "delay", queue, payload = new { milliseconds } }).ToArray();
        using var response = await server.Client.PostAsJsonAsync("/api/v1/items/batch", new { items });
        response.EnsureSuccessStatusCode();
    }

    private Task<long> CountAsync(string queue, string state)
        => database.ScalarAsync<long>("SELECT count(*) FROM workflow.work_items WHERE queue = $1 AND state = $2", queue, state);

    /// <summary>Returns the most attempts of the queue that overlapped in time, from the attempt rows.</summary>
    private async Task<int> MaxConcurrentAsync(string queue)
    {
        var rows = await database.RowsAsync(
            "SELECT a.started_at, a.finished_at FROM workflow.attempts AS a " +
            "JOIN workflow.work_items AS w ON w.id = a.work_item_id WHERE w.queue = $1",
            queue);
        // An end sorts before a start at the same instant: the next item starts only after the last one was stored.
        var edges = rows
            .SelectMany(r => new[] { ((DateTime)r["started_at"]!, 1), ((DateTime)r["finished_at"]!, -1) })
            .OrderBy(e => e.Item1)
            .ThenBy(e => e.Item2);
        int running = 0, max = 0;
        foreach (var (_, change) in edges)
        {
            running += change;
            max = Math.Max(max, running);
        }

        return max;
    }

    private static System.Text.Json.Nodes.JsonNode? SlowUsage(System.Text.Json.Nodes.JsonObject snapshot)
        => snapshot["queueUsage"]?.AsArray().SingleOrDefault(q => (string?)q!["queue"] == "slow");
}
