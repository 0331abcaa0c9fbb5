using System.Text.Json.Nodes;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Circuits;

/// <summary>
/// Drives the breaker of one <c>http.request</c> destination through closed, open, half-open and closed again
/// against a local endpoint, and checks through the database that items put back by the breaker burn no attempt.
/// </summary>
public sealed class CircuitBreakerTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string BreakerSettings = "Workflow:Kinds:http.request:CircuitBreaker:";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Workflow:Http:AllowLoopback"] = "true",
        [BreakerSettings + "FailureRatio"] = "0.5",
        [BreakerSettings + "MinimumThroughput"] = "2",
        [BreakerSettings + "SamplingDuration"] = "00:01:00",
        [BreakerSettings + "BreakDuration"] = "00:00:08",
        [BreakerSettings + "BreakDurationFactor"] = "1",
        [BreakerSettings + "MaxBreakDuration"] = "00:00:08",
    };

    private FlakyEndpoint _endpoint = null!;
    private WorkflowTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _endpoint = await FlakyEndpoint.StartAsync();
        _server = await WorkflowTestServer.StartAsync(database.ConnectionString, Settings);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _endpoint.DisposeAsync();
    }

    [Fact]
    public async Task Breaker_FullCycle_BurnsNoAttempts()
    {
        var key = $"http://127.0.0.1:{_endpoint.BaseAddress.Port}";

        // Closed: a success creates the destination's breaker.
        var first = await SubmitAsync("first");
        await _server.WaitForStateAsync(first, "succeeded");
        var closed = await WaitForCircuitAsync(key, "closed");
        Assert.Equal(1, (long)closed["successes"]!);
        Assert.Equal("http.request", (string?)closed["kind"]);

        // Open: with two attempts in the window, one 503 reaches the failure ratio of 0.5. The retry delay of 1 s
        // brings the failed items back while the 8 s break still runs.
        _endpoint.Fail();
        long[] failing = [await SubmitAsync("b1", retryDelaySeconds: 1), await SubmitAsync("b2", retryDelaySeconds: 1)];
        var open = await WaitForCircuitAsync(key, "open");
        var breakEndsAt = (DateTimeOffset)open["breakEndsAt"]!;
        Assert.Equal(1, (long)open["timesOpened"]!);

        await Eventually.TrueAsync(
            async () => await database.ScalarAsync<long>("SELECT count(*) FROM workflow.work_items WHERE state = 'running'") == 0,
            "attempts started before the breaker opened to finish");
        var before = await Task.WhenAll(failing.Select(ItemCountsAsync));
        var requestsBefore = _endpoint.Requests;

        var late = await SubmitAsync("late");
        await Eventually.TrueAsync(
            async () => (await Task.WhenAll(failing.Append(late).Select(IsDeferredUntilBreakEndAsync(breakEndsAt)))).All(d => d),
            "every item to be put back until the break ends");
        var after = await Task.WhenAll(failing.Select(ItemCountsAsync));
        var lateCounts = await ItemCountsAsync(late);
        var stillOpen = await WaitForCircuitAsync(key, "open");

        Assert.True(DateTimeOffset.UtcNow < breakEndsAt, "The checks of the open breaker ran past the end of its break.");
        Assert.Equal(requestsBefore, _endpoint.Requests);
        Assert.Equal(before, after);
        Assert.Equal(new ItemCounts(0, 0, 0), lateCounts);
        Assert.True((long)stillOpen["deferred"]! >= 1, "The late item was not counted as deferred.");

        // Half-open: one item runs as the trial and is held at the endpoint, and the other two are put back.
        _endpoint.Hold();
        _endpoint.ResetMaxConcurrent();
        var deferredBeforeTrial = (long)stillOpen["deferred"]!;
        await WaitForCircuitAsync(key, "half_open", TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => Task.FromResult(_endpoint.Held == 1), "the trial request to reach the endpoint");
        await Eventually.ValueAsync(
            () => CircuitAsync(key),
            c => (long)c!["deferred"]! >= deferredBeforeTrial + 2,
            "the two items that are not the trial to be put back");
        var trialRequests = _endpoint.Requests - requestsBefore;
        var trialConcurrency = _endpoint.MaxConcurrent;
        var heldDuringHalfOpen = _endpoint.Held;

        Assert.Equal(1, trialRequests);
        Assert.Equal(1, trialConcurrency);
        Assert.Equal(1, heldDuringHalfOpen);
        Assert.Equal("half_open", (string?)(await CircuitAsync(key))!["state"]);

        // Closed again: the trial succeeds, and the items put back run once they are due.
        _endpoint.Release();
        var reclosed = await WaitForCircuitAsync(key, "closed");
        foreach (var id in failing.Append(late))
        {
            await _server.WaitForStateAsync(id, "succeeded");
        }

        var stored = await Eventually.ValueAsync(
            () => NodeSnapshotCircuitAsync(key),
            c => c is not null && (string?)c["state"] == "closed" && (long)c["timesOpened"]! == 1,
            "the node's pool snapshot to show the closed breaker");

        Assert.Equal(1, (long)reclosed["timesOpened"]!);
        Assert.Null(reclosed["openedAt"]);
        Assert.Equal("http.request", (string?)stored!["kind"]);
        Assert.Equal(0, (await ItemCountsAsync(late)).FailedAttempts);
        foreach (var (id, counts) in failing.Zip(after))
        {
            var final = await ItemCountsAsync(id);
            Assert.Equal(counts.FailedAttempts, final.FailedAttempts);
            Assert.Equal(counts.AttemptRows + 1, final.AttemptRows);
            Assert.Equal(final.AttemptRows, final.Attempt);
        }
    }

    private async Task<long> SubmitAsync(string path, double? retryDelaySeconds = null)
    {
        var backoff = retryDelaySeconds is { } delay ? new { baseDelay = delay, cap = delay, jitter = 0.0 } : null;
        var submitted = await _server.SubmitAsync(new
        {
            kind = "http.request",
            payload = new { url = new Uri(_endpoint.BaseAddress, path).ToString(), method = "GET" },
            maxAttempts = 100,
            backoff,
        });
        return (long)submitted["id"]!;
    }

    private async Task<JsonObject?> CircuitAsync(string key)
    {
        var body = await _server.Client.GetStringAsync("/api/v1/circuits");
        return JsonNode.Parse(body)!.AsArray().Select(c => c!.AsObject()).SingleOrDefault(c => (string?)c["key"] == key);
    }

    private async Task<JsonObject?> NodeSnapshotCircuitAsync(string key)
    {
        var nodes = JsonNode.Parse(await _server.Client.GetStringAsync("/api/v1/nodes"))!.AsArray();
        return nodes
            .SelectMany(n => n!["pool"]?["circuits"]?.AsArray() ?? [])
            .Select(c => c!.AsObject())
            .SingleOrDefault(c => (string?)c["key"] == key);
    }

    private Task<JsonObject> WaitForCircuitAsync(string key, string state, TimeSpan? timeout = null)
        => Eventually.ValueAsync(() => CircuitAsync(key), c => (string?)c?["state"] == state, $"circuit {key} to be {state}", timeout)!;

    private Func<long, Task<bool>> IsDeferredUntilBreakEndAsync(DateTimeOffset breakEndsAt) => async id =>
    {
        var item = await _server.GetItemAsync(id);
        var runAt = (DateTimeOffset)item["runAt"]!;
        return (string?)item["state"] == "pending" && Math.Abs((runAt - breakEndsAt).TotalSeconds) < 1;
    };

    private async Task<ItemCounts> ItemCountsAsync(long id)
    {
        var rows = await database.RowsAsync(
            "SELECT w.attempt, w.failed_attempts, (SELECT count(*) FROM workflow.attempts AS a WHERE a.work_item_id = w.id) AS attempt_rows " +
            "FROM workflow.work_items AS w WHERE w.id = $1",
            id);
        var row = rows.Single();
        return new ItemCounts((int)row["attempt"]!, (int)row["failed_attempts"]!, (long)row["attempt_rows"]!);
    }

    private sealed record ItemCounts(int Attempt, int FailedAttempts, long AttemptRows);
}
