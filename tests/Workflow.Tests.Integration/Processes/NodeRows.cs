using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Processes;

/// <summary>Reads node and lease rows for the process tests, and waits for them to reach a state.</summary>
internal static class NodeRows
{
    /// <summary>Settings of a node that leases only <paramref name="queue"/>, merged over <paramref name="extra"/>.</summary>
    public static Dictionary<string, string?> ForQueue(string queue, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>())
        {
            ["Workflow:Queues:0"] = queue,
        };
        return settings;
    }

    /// <summary>Waits until the child process has registered its node row and returns the node id.</summary>
    public static async Task<Guid> WaitForNodeIdAsync(this DatabaseFixture database, NodeProcess node)
    {
        var rows = await WithOutputAsync(
            node,
            () => Eventually.ValueAsync(
                () => database.RowsAsync(
                    "SELECT id FROM workflow.nodes WHERE process_id = $1 ORDER BY started_at DESC LIMIT 1", node.Id),
                found => found.Count == 1,
                $"process {node.Id} to register its node row"));
        return (Guid)rows[0]["id"]!;
    }

    /// <summary>Waits until <paramref name="nodeId"/> holds the lease of a running item.</summary>
    public static Task<long> WaitForLeaseAsync(this DatabaseFixture database, long itemId, Guid nodeId, NodeProcess node)
        => WithOutputAsync(
            node,
            () => Eventually.ValueAsync(
                () => database.ScalarAsync<long>(
                    "SELECT count(*) FROM workflow.work_items WHERE id = $1 AND state = 'running' AND leased_by = $2",
                    itemId,
                    nodeId),
                count => count == 1,
                $"item {itemId} to run on node {nodeId}"));

    public static async Task<string?> NodeStateAsync(this DatabaseFixture database, Guid nodeId)
    {
        var rows = await database.RowsAsync("SELECT state FROM workflow.nodes WHERE id = $1", nodeId);
        return rows.Count == 0 ? null : (string?)rows[0]["state"];
    }

    /// <summary>Returns the attempt rows of an item in attempt order.</summary>
    public static Task<List<Dictionary<string, object?>>> AttemptsAsync(this DatabaseFixture database, long itemId)
        => database.RowsAsync(
            "SELECT number, outcome, node_id, lease_token, error_type FROM workflow.attempts " +
            "WHERE work_item_id = $1 ORDER BY number, id",
            itemId);

    /// <summary>Returns the item's row as a column-name dictionary.</summary>
    public static async Task<Dictionary<string, object?>> ItemAsync(this DatabaseFixture database, long itemId)
    {
        var rows = await database.RowsAsync(
            "SELECT state, attempt, failed_attempts, lease_token, leased_by, result::text AS result, run_at <= now() AS due " +
            "FROM workflow.work_items WHERE id = $1",
            itemId);
        Assert.Single(rows);
        return rows[0];
    }

    /// <summary>Adds the node's output to a timeout, so a failed wait shows what the child process logged.</summary>
    private static async Task<T> WithOutputAsync<T>(NodeProcess node, Func<Task<T>> wait)
    {
        try
        {
            return await wait();
        }
        catch (TimeoutException ex)
        {
            var newLine = Environment.NewLine;
            throw new TimeoutException($"{ex.Message}{newLine}Output of process {node.Id}:{newLine}{node.Output}", ex);
        }
    }

}
