using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflow.Tests.Integration.Infrastructure;
using Xunit.Abstractions;

namespace Workflow.Tests.Integration.Faults;

/// <summary>
/// PostgreSQL restarts under a running node, on a cluster of the test class's own. The node must pause instead
/// of failing, resume by itself once the server is back, and store every outcome once.
/// </summary>
public sealed class DatabaseRestartTests(DedicatedPostgres postgres, ITestOutputHelper output) : IClassFixture<DedicatedPostgres>
{
    // Event ids of StorageLog: the first failure of an outage and the first success after it.
    private const int CallFailedEvent = 1200;
    private const int CallRecoveredEvent = 1203;

    [Fact]
    public async Task Restart_MidRun_EveryItemSucceedsOnce()
    {
        const int itemCount = 1000;
        var connectionString = await postgres.CreateDatabaseAsync();
        var logs = new LogCapture();

        // Four workers make 1,000 items of 20 ms last about five seconds, so the restart lands mid-run.
        await using var server = await WorkflowTestServer.StartAsync(
            connectionString,
            new Dictionary<string, string?> { ["Workflow:MaxWorkers"] = "4" },
            services => services.AddSingleton<ILoggerProvider>(logs));
        await SubmitDelaysAsync(server, itemCount, milliseconds: 20);
        await Eventually.TrueAsync(
            async () => await SqlRows.CountAsync(connectionString, "SELECT count(*) FROM workflow.work_items WHERE state = 'succeeded'") >= 100,
            "100 items to succeed before the restart");

        var succeededBeforeStop = await SqlRows.CountAsync(connectionString, "SELECT count(*) FROM workflow.work_items WHERE state = 'succeeded'");
        await RestartAsync(TimeSpan.FromSeconds(3));
        await WaitForAllSucceededAsync(connectionString, itemCount, logs);

        Assert.True(succeededBeforeStop < itemCount * 9 / 10, $"Only {succeededBeforeStop} items may finish before the restart.");
        Assert.Equal(itemCount, await SqlRows.CountAsync(connectionString, "SELECT count(*) FROM workflow.work_items WHERE state = 'succeeded'"));
        Assert.Equal(itemCount, await SqlRows.CountAsync(connectionString,
            "SELECT count(DISTINCT work_item_id) FROM workflow.attempts WHERE outcome = 'succeeded'"));
        Assert.Equal(itemCount, await SqlRows.CountAsync(connectionString,
            "SELECT count(*) FROM workflow.attempts WHERE outcome = 'succeeded'"));
        Assert.Equal(0, await SqlRows.CountAsync(connectionString,
            "SELECT count(*) FROM workflow.attempts WHERE error_type = 'UnstorableOutcome'"));
    }

    [Fact]
    public async Task OutcomeDuringOutage_IsStoredOnReturn()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var logs = new LogCapture();
        await using var server = await WorkflowTestServer.StartAsync(
            connectionString, services: services => services.AddSingleton<ILoggerProvider>(logs));
        var submitted = await server.SubmitAsync(new { kind = "delay", payload = new { milliseconds = 3_000 }, maxAttempts = 3 });
        var id = (long)submitted["id"]!;
        await server.WaitForStateAsync(id, "running");

        // The handler ends about three seconds into the six-second outage. The outage also outlasts the lease
        // (5 s) and NodeStaleAfter (3 s), so the node must neither recover its own item nor lose its outcome.
        var (stoppedAt, startingAt) = await RestartAsync(TimeSpan.FromSeconds(6));

        // Polled through SQL: the API's pooled connections broke in the restart, and each fails one request.
        await Eventually.TrueAsync(
            async () => await SqlRows.CountAsync(connectionString, "SELECT count(*) FROM workflow.work_items WHERE id = $1 AND state = 'succeeded'", id) == 1,
            $"item {id} to succeed after the restart",
            TimeSpan.FromSeconds(60));

        var attempt = Assert.Single(await SqlRows.ReadAsync(connectionString,
            "SELECT outcome, finished_at FROM workflow.attempts WHERE work_item_id = $1", id));
        Assert.Equal("succeeded", attempt["outcome"]);
        Assert.Equal(0L, await SqlRows.CountAsync(connectionString,
            "SELECT failed_attempts::bigint FROM workflow.work_items WHERE id = $1", id));
        var finishedAt = new DateTimeOffset((DateTime)attempt["finished_at"]!);
        Assert.InRange(finishedAt, stoppedAt, startingAt);
        foreach (var operation in new[] { "send its heartbeat", "record attempt outcomes" })
        {
            // Each loop retries on its own backoff, so the heartbeat may come back after the outcome was stored.
            await Eventually.TrueAsync(
                () => Task.FromResult(logs.WithEventId(CallRecoveredEvent).Any(e => Equals(e.Properties["Operation"], operation))),
                $"'{operation}' to log the end of the outage",
                TimeSpan.FromSeconds(30));
            var failures = logs.WithEventId(CallFailedEvent).Count(e => Equals(e.Properties["Operation"], operation));
            var recoveries = logs.WithEventId(CallRecoveredEvent).Count(e => Equals(e.Properties["Operation"], operation));
            Assert.True(failures == 1, $"'{operation}' logged the start of the outage {failures} times:{Environment.NewLine}{Describe(logs)}");
            Assert.True(recoveries == 1, $"'{operation}' logged the end of the outage {recoveries} times:{Environment.NewLine}{Describe(logs)}");
        }
    }

    /// <summary>Stops the server with a fast shutdown, keeps it down for <paramref name="outage"/>, and starts it again.</summary>
    private async Task<(DateTimeOffset StoppedAt, DateTimeOffset StartingAt)> RestartAsync(TimeSpan outage)
    {
        await postgres.StopAsync(PostgresStopMode.Fast);
        var stoppedAt = DateTimeOffset.UtcNow;

        // The outage itself is the fault under test, so this waits for time to pass rather than for a condition.
        await Task.Delay(outage);
        var startingAt = DateTimeOffset.UtcNow;
        await postgres.StartAsync();
        return (stoppedAt, startingAt);
    }

    private async Task WaitForAllSucceededAsync(string connectionString, int itemCount, LogCapture logs)
    {
        try
        {
            await Eventually.TrueAsync(
                async () => await SqlRows.CountAsync(connectionString, "SELECT count(*) FROM workflow.work_items WHERE state = 'succeeded'") == itemCount,
                $"all {itemCount} items to succeed after the restart",
                TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            output.WriteLine(Describe(logs));
            output.WriteLine(postgres.LogTail());
            throw;
        }
    }

    private static async Task SubmitDelaysAsync(WorkflowTestServer server, int count, int milliseconds)
    {
        var items = Enumerable.Range(0, count).Select(_ => new { kind = "delay", payload = new { milliseconds } }).ToArray();
        using var response = await server.Client.PostAsJsonAsync("/api/v1/items/batch", new { items });
        Assert.True(response.IsSuccessStatusCode, $"Batch submit returned {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static string Describe(LogCapture logs)
        => string.Join(Environment.NewLine, logs.Entries
            .Where(e => e.Level >= LogLevel.Information)
            .Select(e => $"{e.Level} {e.EventId} {e.Category}: {e.Message}"));
}
