using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Engine;

/// <summary>
/// Retry delays from an item's own backoff and from its kind's configured backoff. Delays of hours make the next
/// run time a value to compare, with no waiting for the retry.
/// </summary>
public sealed class ItemBackoffTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Workflow:Kinds:test.flaky:Backoff:BaseDelay"] = "02:00:00",
        ["Workflow:Kinds:test.flaky:Backoff:Cap"] = "02:00:00",
        ["Workflow:Kinds:test.flaky:Backoff:Jitter"] = "0",
    };

    private WorkflowTestServer _server = null!;

    public async Task InitializeAsync()
        => _server = await WorkflowTestServer.StartAsync(database.ConnectionString, Settings, TestHandlers.Add);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ItemBackoff_SetsNextRunAt()
    {
        var submitted = await _server.SubmitAsync(new
        {
            kind = FlakyHandler.Kind,
            payload = new { failures = 1 },
            backoff = new { baseDelay = 3600, cap = "02:00:00", jitter = 0 },
        });
        var id = (long)submitted["id"]!;

        var item = await WaitForFirstFailureAsync(id);

        Assert.Equal(3600, SecondsUntilRetry(item), precision: 0);
        Assert.Equal(3600, (double)submitted["backoff"]!["baseDelay"]!);
        Assert.Equal(7200, (double)submitted["backoff"]!["cap"]!);
        Assert.Equal(0, (double)submitted["backoff"]!["jitter"]!);
    }

    [Fact]
    public async Task KindBackoff_AppliesWithoutItemBackoff()
    {
        var submitted = await _server.SubmitAsync(new { kind = FlakyHandler.Kind, payload = new { failures = 1 } });
        var id = (long)submitted["id"]!;

        var item = await WaitForFirstFailureAsync(id);

        Assert.Equal(7200, SecondsUntilRetry(item), precision: 0);
        Assert.Null(submitted["backoff"]);
        Assert.Equal(1, await database.ScalarAsync<long>("SELECT count(*) FROM workflow.work_items WHERE id = $1 AND backoff IS NULL", id));
    }

    [Fact]
    public async Task PartialItemBackoff_TakesKindValues()
    {
        var submitted = await _server.SubmitAsync(new { kind = FlakyHandler.Kind, payload = new { failures = 0 }, backoff = new { factor = 3 } });
        var backoff = submitted["backoff"]!;

        Assert.Equal(7200, (double)backoff["baseDelay"]!);
        Assert.Equal(3, (double)backoff["factor"]!);
        Assert.Equal(7200, (double)backoff["cap"]!);
        Assert.Equal(0, (double)backoff["jitter"]!);
    }

    [Fact]
    public async Task InvalidBackoff_Returns400NamingEachField()
    {
        using var response = await _server.Client.PostAsJsonAsync("/api/v1/items", new
        {
            kind = FlakyHandler.Kind,
            payload = new { failures = 0 },
            backoff = new { baseDelay = -1, factor = 20, jitter = 1.5, delay = 3 },
        });
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var fields = problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["backoff.baseDelay", "backoff.delay", "backoff.factor", "backoff.jitter"], fields);
    }

    [Fact]
    public async Task CapBelowBaseDelay_Returns400OnCap()
    {
        using var response = await _server.Client.PostAsJsonAsync("/api/v1/items", new
        {
            kind = FlakyHandler.Kind,
            payload = new { failures = 0 },
            backoff = new { baseDelay = 60, cap = 10 },
        });
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["backoff.cap"], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task NonObjectBackoff_Returns400()
    {
        using var response = await _server.Client.PostAsJsonAsync("/api/v1/items", new { kind = FlakyHandler.Kind, backoff = 5 });
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("backoff", problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task IdempotencyKey_ComparesBackoff()
    {
        object Request(double factor) => new
        {
            kind = FlakyHandler.Kind,
            payload = new { failures = 0 },
            idempotencyKey = "backoff-key",
            delay = 3600,
            backoff = new { factor },
        };

        var first = await _server.SubmitAsync(Request(3));
        var repeat = await _server.SubmitAsync(Request(3));
        using var different = await _server.Client.PostAsJsonAsync("/api/v1/items", Request(4));

        Assert.Equal((long)first["id"]!, (long)repeat["id"]!);
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
    }

    private Task<JsonObject> WaitForFirstFailureAsync(long id)
        => Eventually.ValueAsync(
            () => _server.GetItemAsync(id),
            i => (string?)i["state"] == "pending" && i["attempts"]!.AsArray().Count == 1,
            $"item {id} to fail once and wait for its retry");

    private static double SecondsUntilRetry(JsonObject item)
    {
        var failedAt = (DateTimeOffset)item["attempts"]![0]!["finishedAt"]!;
        var runAt = (DateTimeOffset)item["runAt"]!;
        return (runAt - failedAt).TotalSeconds;
    }
}
