using Workflow.Tests.Integration.Infrastructure;
using Workflow.Tests.Integration.Processes;
using Xunit.Abstractions;

namespace Workflow.Tests.Integration.Scheduling;

/// <summary>
/// Two node processes on one database share the cluster-wide Quartz.NET scheduler: every firing of the recovery
/// sweep, retention and the statistics rollup runs on one node, as the recorded job runs show.
/// </summary>
public sealed class ClusterJobTests(DatabaseFixture database, ITestOutputHelper output) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly Dictionary<string, string?> FastJobs = new()
    {
        ["Workflow:Retention:Interval"] = "00:00:01",
        ["Workflow:Statistics:Interval"] = "00:00:01",
    };

    private readonly List<NodeProcess> _nodes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            var processId = node.Id;
            await node.DisposeAsync();
            output.WriteLine($"--- output of node process {processId} ---{Environment.NewLine}{node.Output}");
        }
    }

    [Fact]
    public async Task TwoNodes_EachFiringRunsOnOneNode()
    {
        var nodeA = StartNode();
        var nodeB = StartNode();
        var nodeIds = new[] { await database.WaitForNodeIdAsync(nodeA), await database.WaitForNodeIdAsync(nodeB) };
        await Eventually.TrueAsync(
            async () => await database.ScalarAsync<long>(
                "SELECT count(*) FROM workflow.qrtz_scheduler_state WHERE instance_name = ANY($1)",
                [nodeIds.Select(id => id.ToString()).ToArray()]) == 2,
            "both nodes to check in to the Quartz.NET cluster");
        var joinedAt = await database.ScalarAsync<DateTime>("SELECT now()");

        await Eventually.TrueAsync(
            async () => await FinishedRunsAsync("recovery-sweep", joinedAt) >= 20
                && await FinishedRunsAsync("retention", joinedAt) >= 5
                && await FinishedRunsAsync("statistics-rollup", joinedAt) >= 5,
            "20 sweeps and 5 runs each of retention and the rollup after both nodes joined",
            TimeSpan.FromSeconds(90));

        var duplicates = await database.RowsAsync(
            "SELECT job_name, scheduled_at, count(*) AS runs FROM workflow.job_runs " +
            "GROUP BY job_name, scheduled_at HAVING count(*) > 1");
        Assert.Empty(duplicates);
        var strangers = await database.ScalarAsync<long>(
            "SELECT count(*) FROM workflow.job_runs WHERE NOT node_id = ANY($1)", nodeIds);
        Assert.Equal(0, strangers);
        var failed = await database.RowsAsync(
            "SELECT job_name, node_id, error FROM workflow.job_runs WHERE outcome = 'failed'");
        Assert.Empty(failed);
        var unfinishedBeforeJoin = await database.ScalarAsync<long>(
            "SELECT count(*) FROM workflow.job_runs WHERE finished_at IS NULL AND started_at < $1 - interval '10 seconds'", joinedAt);
        Assert.Equal(0, unfinishedBeforeJoin);
    }

    private NodeProcess StartNode()
    {
        var node = NodeProcess.Start(database.ConnectionString, FastJobs);
        _nodes.Add(node);
        return node;
    }

    private Task<long> FinishedRunsAsync(string jobName, DateTime since)
        => database.ScalarAsync<long>(
            "SELECT count(*) FROM workflow.job_runs WHERE job_name = $1 AND finished_at IS NOT NULL AND started_at >= $2",
            jobName,
            since);
}
