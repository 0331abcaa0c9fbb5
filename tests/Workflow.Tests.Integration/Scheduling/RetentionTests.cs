using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Scheduling;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Scheduling;

/// <summary>
/// The retention job against rows of known ages: it deletes old finished items with their attempts, old job runs and
/// old statistics, in batches, and leaves unfinished and recent rows alone.
/// </summary>
public sealed class RetentionTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Old = TimeSpan.FromDays(8);
    private static readonly TimeSpan Recent = TimeSpan.FromDays(6);

    private WorkflowTestServer _server = null!;

    public async Task InitializeAsync()
        => _server = await WorkflowTestServer.StartAsync(
            database.ConnectionString,
            new Dictionary<string, string?> { ["Workflow:RunWorkers"] = "false", ["Workflow:Retention:BatchSize"] = "2" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RunOnce_DeletesOldFinishedRowsOnly()
    {
        var old = new List<long>();
        foreach (var state in new[] { "succeeded", "dead", "cancelled", "succeeded", "dead" })
        {
            var id = await database.InsertItemAsync("retention.kind", "retention", state, attempt: 1, Old);
            await database.InsertAttemptAsync(id, 1, state == "succeeded" ? "succeeded" : "failed", DateTime.UtcNow - Old, 10);
            old.Add(id);
        }

        var remaining = new List<long>
        {
            await database.InsertItemAsync("retention.kind", "retention", "succeeded", attempt: 1, Recent),
            await database.InsertItemAsync("retention.kind", "retention", "pending", attempt: 0),
            await database.InsertItemAsync("retention.kind", "retention", "running", attempt: 1),
        };
        await database.InsertAttemptAsync(remaining[0], 1, "succeeded", DateTime.UtcNow - Recent, 10);
        await database.ExecuteAsync(
            "INSERT INTO workflow.job_runs (job_name, fire_instance_id, node_id, scheduled_at, started_at, outcome) VALUES " +
            "('retention', 'old', gen_random_uuid(), now() - interval '2 days', now() - interval '2 days', 'succeeded'), " +
            "('retention', 'recent', gen_random_uuid(), now() - interval '1 hour', now() - interval '1 hour', 'succeeded')");
        await database.ExecuteAsync(
            "INSERT INTO workflow.stats_minutes (minute, kind, queue, attempts, succeeded, failed, retried, dead, cancelled, " +
            "duration_sum_ms, duration_max_ms) VALUES " +
            "(date_trunc('minute', now() - interval '15 days'), 'retention.kind', 'retention', 1, 1, 0, 0, 0, 0, 1, 1), " +
            "(date_trunc('minute', now() - interval '13 days'), 'retention.kind', 'retention', 1, 1, 0, 0, 0, 0, 1, 1)");

        var result = await _server.Services.GetRequiredService<RetentionJob>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(new RetentionResult(Items: 5, JobRuns: 1, Statistics: 1), result);
        Assert.Equal(0, await database.ScalarAsync<long>("SELECT count(*) FROM workflow.work_items WHERE id = ANY($1)", old.ToArray()));
        Assert.Equal(0, await database.ScalarAsync<long>(
            "SELECT count(*) FROM workflow.attempts WHERE work_item_id = ANY($1)", old.ToArray()));
        Assert.Equal(3, await database.ScalarAsync<long>("SELECT count(*) FROM workflow.work_items WHERE id = ANY($1)", remaining.ToArray()));
        Assert.Equal(1, await database.ScalarAsync<long>("SELECT count(*) FROM workflow.attempts WHERE work_item_id = $1", remaining[0]));
        Assert.Equal("recent", await database.ScalarAsync<string>("SELECT string_agg(fire_instance_id, ',') FROM workflow.job_runs"));
        Assert.Equal(1, await database.ScalarAsync<long>("SELECT count(*) FROM workflow.stats_minutes"));
    }

    [Fact]
    public async Task RunOnce_NothingOld_DeletesNothing()
    {
        var id = await database.InsertItemAsync("retention.fresh", "retention-fresh", "succeeded", attempt: 1, TimeSpan.FromMinutes(5));

        var result = await _server.Services.GetRequiredService<RetentionJob>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, result.Items);
        Assert.Equal(1, await database.ScalarAsync<long>("SELECT count(*) FROM workflow.work_items WHERE id = $1", id));
    }
}
