using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Processes;

/// <summary>
/// A handler that runs four times longer than the lease, while a second node sweeps for expired leases:
/// heartbeats must keep extending the lease, so the item runs exactly once.
/// </summary>
public sealed class LeaseExtensionTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly IReadOnlyDictionary<string, string?> ShortLease = new Dictionary<string, string?>
    {
        ["Workflow:LeaseDuration"] = "00:00:05",
        ["Workflow:HeartbeatInterval"] = "00:00:01",
        ["Workflow:NodeStaleAfter"] = "00:00:03",
    };

    [Fact]
    public async Task LongHandler_ShortLease_RunsOnce()
    {
        const string queue = "long-handler";
        var settings = NodeRows.ForQueue(queue, ShortLease);
        await using var first = await WorkflowTestServer.StartAsync(database.ConnectionString, settings);
        await using var second = await WorkflowTestServer.StartAsync(database.ConnectionString, settings);

        var submitted = await first.SubmitAsync(new { kind = "delay", queue, payload = new { milliseconds = 20_000 } });
        var id = (long)submitted["id"]!;
        var item = await first.WaitForStateAsync(id, "succeeded", TimeSpan.FromSeconds(90));

        var attempt = Assert.Single(item["attempts"]!.AsArray());
        Assert.Equal("succeeded", (string?)attempt!["outcome"]);
        Assert.Equal(1, (int)attempt["number"]!);
        Assert.Equal(1, (int)item["attempt"]!);
        Assert.Equal(0, (int)item["failedAttempts"]!);
        var nodes = await database.RowsAsync("SELECT state, queues FROM workflow.nodes");
        Assert.Equal(2, nodes.Count);
        Assert.All(nodes, node => Assert.Equal("running", node["state"]));
        Assert.All(nodes, node => Assert.Equal([queue], (string[])node["queues"]!));
    }
}
