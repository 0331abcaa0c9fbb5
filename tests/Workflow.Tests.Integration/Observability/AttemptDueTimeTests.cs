using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Observability;

/// <summary>Each stored attempt carries the time its item became due, which queue wait percentiles read.</summary>
public sealed class AttemptDueTimeTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private WorkflowTestServer _server = null!;

    public async Task InitializeAsync()
        => _server = await WorkflowTestServer.StartAsync(database.ConnectionString, services: TestHandlers.Add);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Attempts_StoreDueTimeOfEachRun()
    {
        var submitted = await _server.SubmitAsync(new { kind = "test.flaky", payload = new { failures = 1 }, delay = 1 });
        var id = (long)submitted["id"]!;
        var firstDue = await database.ScalarAsync<DateTime>("SELECT run_at FROM workflow.work_items WHERE id = $1", id);

        await _server.WaitForStateAsync(id, "succeeded");
        var rows = await database.RowsAsync(
            "SELECT a.number, a.due_at FROM workflow.attempts AS a WHERE a.work_item_id = $1 ORDER BY a.number", id);

        Assert.Equal(2, rows.Count);
        Assert.Equal(firstDue, rows[0]["due_at"]);
        // The retry became due at the backoff's run_at, after the first attempt.
        Assert.True((DateTime)rows[1]["due_at"]! > firstDue, $"The retry's due time {rows[1]["due_at"]} is not after {firstDue}.");
    }
}
