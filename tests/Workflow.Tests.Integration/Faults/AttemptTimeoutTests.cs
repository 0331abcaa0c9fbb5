using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflow.Tests.Integration.Infrastructure;
using Workflow.Tests.Integration.Processes;

namespace Workflow.Tests.Integration.Faults;

/// <summary>
/// Handlers that ignore their cancellation token past the attempt's timeout. After the grace period
/// (CancellationGrace, 1 s in the test settings) the attempt is stored as timed out without the handler, the
/// worker moves on, and the handler's late result changes nothing.
/// </summary>
public sealed class AttemptTimeoutTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    // PoolLog.LateResultFencedOut: an abandoned handler ended after its attempt was recorded.
    private const int LateResultEvent = 1018;

    // Long enough that the retry and the other item finish while the handler still sleeps.
    private const int SleepMilliseconds = 8_000;

    [Fact]
    public async Task IgnoredTimeout_RetrySucceeds_LateResultChangesNothing()
    {
        var logs = new LogCapture();

        // One worker: the retry and the second item can only run if the stuck handler's worker was replaced.
        await using var server = await StartServerAsync("timeout-retry", logs);
        var stubbornId = await SubmitAsync(server, "timeout-retry", maxAttempts: 3);
        var other = await server.SubmitAsync(new { kind = "noop", queue = "timeout-retry", priority = 1 });
        var otherId = (long)other["id"]!;

        var succeeded = await server.WaitForStateAsync(stubbornId, "succeeded");
        await server.WaitForStateAsync(otherId, "succeeded");
        var lateEndsBeforeRetry = LateEnds(logs, stubbornId).Count;
        await Eventually.TrueAsync(() => Task.FromResult(LateEnds(logs, stubbornId).Count == 1), "the stuck handler to end");
        var afterLateEnd = await server.GetItemAsync(stubbornId);

        var attempts = succeeded["attempts"]!.AsArray();
        Assert.Equal(2, attempts.Count);
        Assert.Equal("timed_out", (string?)attempts[0]!["outcome"]);
        Assert.Equal("timeout", (string?)attempts[0]!["category"]);
        Assert.Equal("succeeded", (string?)attempts[1]!["outcome"]);
        Assert.True(attempts[1]!["startedAt"]!.GetValue<DateTimeOffset>() >= attempts[0]!["finishedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(2, (int)succeeded["result"]!["attempt"]!);
        Assert.False((bool)succeeded["result"]!["stubborn"]!);
        Assert.Equal(0, lateEndsBeforeRetry);
        AssertUnchanged(succeeded, afterLateEnd);
        var lateEnd = Assert.Single(LateEnds(logs, stubbornId));
        Assert.Equal(LogLevel.Warning, lateEnd.Level);
        Assert.Equal("returned", lateEnd.Properties["Ending"]);
        Assert.Equal(1, lateEnd.Properties["Attempt"]);
    }

    [Fact]
    public async Task IgnoredTimeout_LastAttempt_EndsDead()
    {
        var logs = new LogCapture();
        await using var server = await StartServerAsync("timeout-dead", logs);
        var stubbornId = await SubmitAsync(server, "timeout-dead", maxAttempts: 1);

        var dead = await server.WaitForStateAsync(stubbornId, "dead");
        await Eventually.TrueAsync(() => Task.FromResult(LateEnds(logs, stubbornId).Count == 1), "the stuck handler to end");
        var afterLateEnd = await server.GetItemAsync(stubbornId);

        var attempt = Assert.Single(dead["attempts"]!.AsArray())!;
        Assert.Equal("timed_out", (string?)attempt["outcome"]);
        Assert.Equal("timeout", (string?)attempt["category"]);
        Assert.Equal(1, (int)dead["failedAttempts"]!);
        Assert.Null(dead["result"]);
        Assert.Null(dead["leasedBy"]?.GetValue<string>());
        AssertUnchanged(dead, afterLateEnd);
    }

    private Task<WorkflowTestServer> StartServerAsync(string queue, LogCapture logs)
    {
        // The class's tests share one database, so each test's server leases only its own queue.
        var settings = NodeRows.ForQueue(queue);
        settings["Workflow:MaxWorkers"] = "1";
        return WorkflowTestServer.StartAsync(database.ConnectionString, settings, services =>
        {
            FaultHandlers.Add(services);
            services.AddSingleton<ILoggerProvider>(logs);
        });
    }

    private static async Task<long> SubmitAsync(WorkflowTestServer server, string queue, int maxAttempts)
    {
        var submitted = await server.SubmitAsync(new
        {
            kind = StubbornHandler.Kind,
            queue,
            payload = new { sleepMilliseconds = SleepMilliseconds },
            timeout = 1,
            maxAttempts,
        });
        return (long)submitted["id"]!;
    }

    private static List<LogEntry> LateEnds(LogCapture logs, long workItemId)
        => [.. logs.WithEventId(LateResultEvent).Where(e => Equals(e.Properties["WorkItemId"], workItemId))];

    private static void AssertUnchanged(JsonObject before, JsonObject after)
    {
        Assert.Equal((string?)before["state"], (string?)after["state"]);
        Assert.Equal(before["result"]?.ToJsonString(), after["result"]?.ToJsonString());
        Assert.Equal(before["attempts"]!.ToJsonString(), after["attempts"]!.ToJsonString());
        Assert.Equal((int)before["failedAttempts"]!, (int)after["failedAttempts"]!);
        Assert.Equal(before["finishedAt"]?.ToJsonString(), after["finishedAt"]?.ToJsonString());
    }
}
