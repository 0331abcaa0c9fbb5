using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Pool;
using Workflow.Tests.Integration.Infrastructure;
using Xunit.Abstractions;

namespace Workflow.Tests.Integration.Processes;

/// <summary>
/// Graceful stops: SIGTERM to a child node process, and disposing an in-process server. A node stops leasing,
/// waits for in-flight work up to its shutdown timeout, hands the rest back to pending and ends <c>stopped</c>.
/// </summary>
public sealed class GracefulShutdownTests(DatabaseFixture database, ITestOutputHelper output)
    : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly List<NodeProcess> _nodes = [];
    private WorkflowTestServer _api = null!;

    public async Task InitializeAsync()
        => _api = await WorkflowTestServer.StartAsync(
            database.ConnectionString, new Dictionary<string, string?> { ["Workflow:RunWorkers"] = "false" });

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            var processId = node.Id;
            await node.DisposeAsync();
            output.WriteLine($"--- output of node process {processId} ---{Environment.NewLine}{node.Output}");
        }

        await _api.DisposeAsync();
    }

    [Fact]
    public async Task SigTerm_PastTimeout_HandsItemBack()
    {
        const string queue = "drain-cancel";
        var node = StartNode(queue, shutdownTimeout: "00:00:01");
        var nodeId = await database.WaitForNodeIdAsync(node);
        var id = await SubmitDelayAsync(queue, milliseconds: 60_000);
        await database.WaitForLeaseAsync(id, nodeId, node);

        node.Terminate();
        var exitCode = await node.WaitForExitAsync(ExitTimeout);

        Assert.True(exitCode == 0, $"The node exited with {exitCode}. Output:{Environment.NewLine}{node.Output}");
        var item = await database.ItemAsync(id);
        Assert.Equal("pending", item["state"]);
        Assert.Equal(0, item["failed_attempts"]);
        Assert.Equal(1, item["attempt"]);
        Assert.Null(item["lease_token"]);
        Assert.Null(item["leased_by"]);
        Assert.Equal(true, item["due"]);
        var attempt = Assert.Single(await database.AttemptsAsync(id));
        Assert.Equal("cancelled", attempt["outcome"]);
        Assert.Equal("Shutdown", attempt["error_type"]);
        Assert.Equal(nodeId, attempt["node_id"]);
        Assert.Equal("stopped", await database.NodeStateAsync(nodeId));
    }

    [Fact]
    public async Task SigTerm_WithinTimeout_FinishesItem()
    {
        const string queue = "drain-finish";
        var node = StartNode(queue, shutdownTimeout: "00:00:30");
        var nodeId = await database.WaitForNodeIdAsync(node);
        var id = await SubmitDelayAsync(queue, milliseconds: 3_000);
        await database.WaitForLeaseAsync(id, nodeId, node);

        node.Terminate();
        var exitCode = await node.WaitForExitAsync(ExitTimeout);

        Assert.True(exitCode == 0, $"The node exited with {exitCode}. Output:{Environment.NewLine}{node.Output}");
        var item = await database.ItemAsync(id);
        Assert.Equal("succeeded", item["state"]);
        Assert.Equal(0, item["failed_attempts"]);
        var attempt = Assert.Single(await database.AttemptsAsync(id));
        Assert.Equal("succeeded", attempt["outcome"]);
        Assert.Equal(nodeId, attempt["node_id"]);
        Assert.Equal("stopped", await database.NodeStateAsync(nodeId));
    }

    [Fact]
    public async Task IdleNodeStop_MarksNodeStopped()
    {
        var server = await WorkflowTestServer.StartAsync(database.ConnectionString, NodeRows.ForQueue("idle"));
        var nodeId = server.Services.GetRequiredService<NodeIdentity>().NodeId;
        var stateWhileRunning = await database.NodeStateAsync(nodeId);

        await server.DisposeAsync();

        Assert.Equal("running", stateWhileRunning);
        Assert.Equal("stopped", await database.NodeStateAsync(nodeId));
    }

    [Fact]
    public async Task SigTerm_DuringStart_LeasesNothing()
    {
        const string queue = "drain-start";
        var id = await SubmitDelayAsync(queue, milliseconds: 60_000);
        var node = StartNode(queue, shutdownTimeout: "00:00:01");

        // The node row is written first thing in the node's start, before its schedulers and the web server start.
        await database.WaitForNodeIdAsync(node);
        node.Terminate();
        var exitCode = await node.WaitForExitAsync(ExitTimeout);

        Assert.True(exitCode == 0, $"The node exited with {exitCode}. Output:{Environment.NewLine}{node.Output}");
        Assert.DoesNotContain("Unhandled exception", node.Output, StringComparison.Ordinal);
        var item = await database.ItemAsync(id);
        Assert.Equal("pending", item["state"]);
        Assert.Equal(0, item["failed_attempts"]);
        Assert.DoesNotContain(await database.AttemptsAsync(id), attempt => (string?)attempt["outcome"] == "abandoned");
    }

    private NodeProcess StartNode(string queue, string shutdownTimeout)
    {
        var settings = NodeRows.ForQueue(
            queue, new Dictionary<string, string?> { ["Workflow:ShutdownTimeout"] = shutdownTimeout });
        var node = NodeProcess.Start(database.ConnectionString, settings);
        _nodes.Add(node);
        return node;
    }

    private async Task<long> SubmitDelayAsync(string queue, long milliseconds)
    {
        var submitted = await _api.SubmitAsync(new { kind = "delay", queue, payload = new { milliseconds } });
        return (long)submitted["id"]!;
    }
}
