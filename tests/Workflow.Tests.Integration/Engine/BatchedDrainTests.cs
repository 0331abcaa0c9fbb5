using System.Net.Http.Json;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Engine;

/// <summary>The batched lease and record paths under two competing nodes: every item runs and is stored once.</summary>
public sealed class BatchedDrainTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private const int ItemCount = 3000;

    [Fact]
    public async Task TwoNodes_DrainEveryItemExactlyOnce()
    {
        var apiOnly = new Dictionary<string, string?> { ["Workflow:RunWorkers"] = "false" };
        await using (var api = await WorkflowTestServer.StartAsync(database.ConnectionString, apiOnly))
        {
            for (var offset = 0; offset < ItemCount; offset += 1000)
            {
                var items = Enumerable.Range(offset, 1000).Select(i => new { kind = "noop", payload = new { echo = i } }).ToArray();
                using var response = await api.Client.PostAsJsonAsync("/api/v1/items/batch", new { items });
                response.EnsureSuccessStatusCode();
            }
        }

        await using var first = await WorkflowTestServer.StartAsync(database.ConnectionString);
        await using var second = await WorkflowTestServer.StartAsync(database.ConnectionString);
        await Eventually.TrueAsync(
            async () => await database.ScalarAsync<long>("SELECT count(*) FROM workflow.work_items WHERE state = 'succeeded'") == ItemCount,
            "every item to succeed",
            TimeSpan.FromSeconds(90));

        var attemptRows = await database.ScalarAsync<long>("SELECT count(*) FROM workflow.attempts");
        var succeededTwice = await database.ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT work_item_id FROM workflow.attempts WHERE outcome = 'succeeded' GROUP BY 1 HAVING count(*) > 1) AS d");
        var withoutAttempt = await database.ScalarAsync<long>(
            "SELECT count(*) FROM workflow.work_items AS w WHERE NOT EXISTS (SELECT 1 FROM workflow.attempts AS a WHERE a.work_item_id = w.id)");
        var incompleteRows = await database.ScalarAsync<long>(
            "SELECT count(*) FROM workflow.attempts WHERE node_id IS NULL OR finished_at < started_at OR number <> 1");
        var nodesUsed = await database.ScalarAsync<long>("SELECT count(DISTINCT node_id) FROM workflow.attempts");
        var echoMismatch = await database.ScalarAsync<long>(
            "SELECT count(*) FROM workflow.work_items WHERE result IS DISTINCT FROM payload -> 'echo'");

        Assert.Equal(ItemCount, attemptRows);
        Assert.Equal(0, succeededTwice);
        Assert.Equal(0, withoutAttempt);
        Assert.Equal(0, incompleteRows);
        Assert.Equal(0, echoMismatch);
        Assert.Equal(2, nodesUsed);
    }
}
