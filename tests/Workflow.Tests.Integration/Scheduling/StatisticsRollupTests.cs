using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Scheduling;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Scheduling;

/// <summary>The statistics rollup against a known set of attempts in closed minutes, outside the window and in the future.</summary>
public sealed class StatisticsRollupTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private WorkflowTestServer _server = null!;

    public async Task InitializeAsync()
        => _server = await WorkflowTestServer.StartAsync(
            database.ConnectionString, new Dictionary<string, string?> { ["Workflow:RunWorkers"] = "false" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RunOnce_KnownAttempts_CountsClosedMinutes()
    {
        var minute = await database.ScalarAsync<DateTime>("SELECT date_trunc('minute', now()) - interval '10 minutes'");
        var nextMinute = minute.AddMinutes(1);

        // Retried once, then succeeded.
        var retried = await database.InsertItemAsync("rollup.a", "rollup", "succeeded", attempt: 2, TimeSpan.FromMinutes(9));
        await database.InsertAttemptAsync(retried, 1, "failed", minute.AddSeconds(5), 100);
        await database.InsertAttemptAsync(retried, 2, "succeeded", minute.AddSeconds(10), 200);

        // Failed for good on its only attempt.
        var dead = await database.InsertItemAsync("rollup.a", "rollup", "dead", attempt: 1, TimeSpan.FromMinutes(9));
        await database.InsertAttemptAsync(dead, 1, "failed", minute.AddSeconds(15), 300);

        // Timed out and waits for its retry.
        var waiting = await database.InsertItemAsync("rollup.a", "rollup", "pending", attempt: 1);
        await database.InsertAttemptAsync(waiting, 1, "timed_out", minute.AddSeconds(20), 400);

        var cancelled = await database.InsertItemAsync("rollup.a", "rollup", "cancelled", attempt: 1, TimeSpan.FromMinutes(9));
        await database.InsertAttemptAsync(cancelled, 1, "cancelled", minute.AddSeconds(59.5), 500);

        var other = await database.InsertItemAsync("rollup.b", "rollup", "succeeded", attempt: 3, TimeSpan.FromMinutes(8));
        await database.InsertAttemptAsync(other, 1, "succeeded", nextMinute, 50);

        // Outside the default look-back of one hour, and in a minute that has not closed.
        await database.InsertAttemptAsync(other, 2, "abandoned", minute.AddHours(-2), 70);
        await database.InsertAttemptAsync(other, 3, "succeeded", DateTime.UtcNow.AddMinutes(5), 80);

        var rollup = _server.Services.GetRequiredService<StatisticsRollupJob>();
        var firstRows = await rollup.RunOnceAsync(CancellationToken.None);
        var first = await ReadStatisticsAsync();
        var secondRows = await rollup.RunOnceAsync(CancellationToken.None);
        var second = await ReadStatisticsAsync();

        Assert.Equal(2, firstRows);
        Assert.Equal(
            [
                $"{minute:HH:mm} rollup.a rollup attempts=5 succeeded=1 failed=3 retried=2 dead=1 cancelled=1 sum=1500 max=500",
                $"{nextMinute:HH:mm} rollup.b rollup attempts=1 succeeded=1 failed=0 retried=0 dead=0 cancelled=0 sum=50 max=50",
            ],
            first);
        Assert.Equal(2, secondRows);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task RunOnce_GroupWithoutAttempts_IsRemoved()
    {
        var minute = await database.ScalarAsync<DateTime>("SELECT date_trunc('minute', now()) - interval '20 minutes'");
        await database.ExecuteAsync(
            "INSERT INTO workflow.stats_minutes (minute, kind, queue, attempts, succeeded, failed, retried, dead, cancelled, " +
            "duration_sum_ms, duration_max_ms) VALUES ($1, 'rollup.gone', 'rollup', 1, 1, 0, 0, 0, 0, 1, 1)",
            minute);

        await _server.Services.GetRequiredService<StatisticsRollupJob>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, await database.ScalarAsync<long>("SELECT count(*) FROM workflow.stats_minutes WHERE kind = 'rollup.gone'"));
    }

    private async Task<List<string>> ReadStatisticsAsync()
    {
        var rows = await database.RowsAsync(
            "SELECT minute, kind, queue, attempts, succeeded, failed, retried, dead, cancelled, duration_sum_ms, duration_max_ms " +
            "FROM workflow.stats_minutes WHERE kind LIKE 'rollup.%' ORDER BY minute, kind");
        return
        [
            .. rows.Select(r =>
                $"{(DateTime)r["minute"]!:HH:mm} {r["kind"]} {r["queue"]} attempts={r["attempts"]} succeeded={r["succeeded"]} " +
                $"failed={r["failed"]} retried={r["retried"]} dead={r["dead"]} cancelled={r["cancelled"]} " +
                $"sum={r["duration_sum_ms"]} max={r["duration_max_ms"]}"),
        ];
    }
}
