using Workflow.Tests.Integration.Infrastructure;
using Workflow.Tests.Integration.Processes;
using Xunit.Abstractions;

namespace Workflow.Tests.Integration.Faults;

/// <summary>
/// A node frozen with SIGSTOP past its lease, as in a long GC pause or a suspended VM, while another node takes
/// over its item. Once resumed with SIGCONT, the frozen node must not overwrite the other node's outcome.
/// </summary>
public sealed class FrozenNodeTests(DatabaseFixture database, ITestOutputHelper output)
    : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string SharedQueue = "frozen";
    private const string OwnQueue = "frozen-own";

    private NodeProcess? _frozen;
    private WorkflowTestServer _api = null!;

    public async Task InitializeAsync()
        => _api = await WorkflowTestServer.StartAsync(
            database.ConnectionString, new Dictionary<string, string?> { ["Workflow:RunWorkers"] = "false" });

    public async Task DisposeAsync()
    {
        if (_frozen is not null)
        {
            var processId = _frozen.Id;
            await _frozen.DisposeAsync();
            output.WriteLine($"--- output of node process {processId} ---{Environment.NewLine}{_frozen.Output}");
        }

        await _api.DisposeAsync();
    }

    [Fact]
    public async Task ResumedNode_LateCompletion_IsFencedOut()
    {
        // Node A leases both queues; node B, started while A is frozen, only the shared one.
        _frozen = NodeProcess.Start(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Workflow:Queues:0"] = SharedQueue,
            ["Workflow:Queues:1"] = OwnQueue,
        });
        var nodeAId = await database.WaitForNodeIdAsync(_frozen);
        var id = await SubmitAsync(new { kind = "delay", queue = SharedQueue, payload = new { milliseconds = 4_000 }, maxAttempts = 3 });
        await database.WaitForLeaseAsync(id, nodeAId, _frozen);

        _frozen.Pause();
        await using var nodeB = await WorkflowTestServer.StartAsync(database.ConnectionString, NodeRows.ForQueue(SharedQueue));
        var ownIds = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            ownIds.Add(await SubmitAsync(new { kind = "noop", queue = OwnQueue }));
        }

        await _api.WaitForStateAsync(id, "succeeded", TimeSpan.FromSeconds(60));
        var frozenState = await database.NodeStateAsync(nodeAId);
        _frozen.Resume();
        foreach (var ownId in ownIds)
        {
            await _api.WaitForStateAsync(ownId, "succeeded", TimeSpan.FromSeconds(60));
        }

        // A's outcome for the taken-over item is written once A's writer or heartbeat notices the lost lease.
        var fencedLine = $"Attempt 1 of work item {id} (delay) was fenced out on node {nodeAId}";
        await Eventually.TrueAsync(() => Task.FromResult(_frozen.Output.Contains(fencedLine, StringComparison.Ordinal)),
            $"node A to log that its outcome of item {id} was fenced out");
        var item = await _api.GetItemAsync(id);
        var attempts = await database.AttemptsAsync(id);

        Assert.Equal("dead", frozenState);
        Assert.Equal("succeeded", (string?)item["state"]);
        Assert.Equal(4_000, (int)item["result"]!["waitedMs"]!);
        Assert.Equal(2, attempts.Count);
        Assert.Equal("abandoned", attempts[0]["outcome"]);
        Assert.Equal(nodeAId, attempts[0]["node_id"]);
        Assert.Equal("succeeded", attempts[1]["outcome"]);
        Assert.NotEqual(nodeAId, attempts[1]["node_id"]);
        Assert.Equal(1L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM workflow.attempts WHERE work_item_id = $1 AND outcome = 'succeeded'", id));
        Assert.Equal("running", await database.NodeStateAsync(nodeAId));
        foreach (var ownId in ownIds)
        {
            var ownAttempt = Assert.Single(await database.AttemptsAsync(ownId));
            Assert.Equal("succeeded", ownAttempt["outcome"]);
            Assert.Equal(nodeAId, ownAttempt["node_id"]);
        }
    }

    private async Task<long> SubmitAsync(object request)
    {
        var submitted = await _api.SubmitAsync(request);
        return (long)submitted["id"]!;
    }
}
