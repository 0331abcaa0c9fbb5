using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Api;

/// <summary>
/// An idempotency key resolves a repeated request to the first item, and a different request with the same
/// key to a 409 that stores nothing. Each test uses its own keys, so the tests share one server.
/// </summary>
public sealed class IdempotencyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WorkflowTestServer Server => fixture.Server;

    private DatabaseFixture Database => fixture.Database;

    [Fact]
    public async Task SameKeySameRequest_ReturnsFirstItem()
    {
        var request = new { kind = "noop", payload = new { echo = 1 }, delay = 3600, idempotencyKey = "same-request" };

        using var first = await Server.Client.PostAsJsonAsync("/api/v1/items", request);
        using var second = await Server.Client.PostAsJsonAsync("/api/v1/items", request);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await IdOfAsync(first), await IdOfAsync(second));
        Assert.Equal(1, await CountWithKeyAsync("same-request"));
    }

    [Fact]
    public async Task SameKeyReorderedPayloadKeys_ReturnsFirstItem()
    {
        const string first = """{"kind":"noop","delay":3600,"idempotencyKey":"reordered","payload":{"echo":{"a":1,"b":{"c":2,"d":3}}}}""";
        const string second = """{"idempotencyKey":"reordered","payload":{"echo":{"b":{"d":3,"c":2},"a":1}},"delay":3600,"kind":"noop"}""";

        using var firstResponse = await PostTextAsync(first);
        using var secondResponse = await PostTextAsync(second);

        Assert.Equal(HttpStatusCode.Created, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondResponse.StatusCode);
        Assert.Equal(await IdOfAsync(firstResponse), await IdOfAsync(secondResponse));
    }

    [Fact]
    public async Task SameKeyDifferentPayload_Returns409()
    {
        var existing = await Server.SubmitAsync(new { kind = "noop", payload = new { echo = 1 }, delay = 3600, idempotencyKey = "changed-payload" });

        using var response = await Server.Client.PostAsJsonAsync(
            "/api/v1/items", new { kind = "noop", payload = new { echo = 2 }, delay = 3600, idempotencyKey = "changed-payload" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("idempotencyKey", (string?)problem["field"]);
        Assert.Equal((long)existing["id"]!, (long?)problem["existingId"]);
        Assert.Equal(1, await CountWithKeyAsync("changed-payload"));
    }

    [Theory]
    [InlineData("priority", 5)]
    [InlineData("maxAttempts", 3)]
    [InlineData("queue", "other")]
    public async Task SameKeyDifferentField_Returns409(string field, object value)
    {
        var key = $"changed-{field}";
        await Server.SubmitAsync(new { kind = "noop", delay = 3600, idempotencyKey = key });
        var changed = new JsonObject { ["kind"] = "noop", ["delay"] = 3600, ["idempotencyKey"] = key };
        changed[field] = JsonValue.Create(value);

        using var response = await Server.Client.PostAsJsonAsync("/api/v1/items", changed);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(1, await CountWithKeyAsync(key));
    }

    [Fact]
    public async Task ConcurrentSubmissionsWithOneKey_CreateOneItem()
    {
        const int submissions = 20;
        var request = new { kind = "noop", payload = new { echo = "race" }, delay = 3600, idempotencyKey = "concurrent" };

        var responses = await Task.WhenAll(Enumerable.Range(0, submissions)
            .Select(_ => Server.Client.PostAsJsonAsync("/api/v1/items", request)));
        try
        {
            var statuses = responses.Select(r => r.StatusCode).ToList();
            var ids = await Task.WhenAll(responses.Select(IdOfAsync));

            Assert.Equal(1, await CountWithKeyAsync("concurrent"));
            Assert.Single(ids.Distinct());
            Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
            Assert.Equal(submissions - 1, statuses.Count(s => s == HttpStatusCode.OK));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task BatchWithConflictingKey_Returns409AndStoresNothing()
    {
        var existing = await Server.SubmitAsync(new { kind = "noop", payload = new { echo = 1 }, delay = 3600, idempotencyKey = "batch-owner" });
        var before = await Database.CountItemsAsync();
        var batch = new
        {
            items = new object[]
            {
                new { kind = "noop", delay = 3600, idempotencyKey = "batch-new" },
                new { kind = "noop", delay = 3600 },
                new { kind = "noop", payload = new { echo = 2 }, delay = 3600, idempotencyKey = "batch-owner" },
            },
        };

        using var response = await Server.Client.PostAsJsonAsync("/api/v1/items/batch", batch);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("items[2].idempotencyKey", (string?)problem["field"]);
        Assert.Equal((long)existing["id"]!, (long?)problem["existingId"]);
        Assert.Equal(before, await Database.CountItemsAsync());
        Assert.Equal(0, await CountWithKeyAsync("batch-new"));
    }

    [Fact]
    public async Task BatchRepeatingEarlierRequest_ReturnsExistingId()
    {
        var existing = await Server.SubmitAsync(new { kind = "noop", delay = 3600, idempotencyKey = "batch-repeat" });
        var batch = new
        {
            items = new object[]
            {
                new { kind = "noop", delay = 3600, idempotencyKey = "batch-repeat" },
                new { kind = "noop", delay = 3600, idempotencyKey = "batch-repeat-new" },
            },
        };

        using var response = await Server.Client.PostAsJsonAsync("/api/v1/items/batch", batch);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var items = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray();
        Assert.Equal((long)existing["id"]!, (long)items[0]!["id"]!);
        Assert.False((bool)items[0]!["created"]!);
        Assert.True((bool)items[1]!["created"]!);
        Assert.Equal(1, await CountWithKeyAsync("batch-repeat"));
    }

    [Fact]
    public async Task BatchKeyUsedTwiceDifferently_Returns409()
    {
        var before = await Database.CountItemsAsync();
        var batch = new
        {
            items = new object[]
            {
                new { kind = "noop", payload = new { echo = 1 }, delay = 3600, idempotencyKey = "in-batch" },
                new { kind = "noop", payload = new { echo = 2 }, delay = 3600, idempotencyKey = "in-batch" },
            },
        };

        using var response = await Server.Client.PostAsJsonAsync("/api/v1/items/batch", batch);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"Expected 409, got {(int)response.StatusCode}: {text}");
        var problem = JsonNode.Parse(text)!;
        Assert.Equal("items[1].idempotencyKey", (string?)problem["field"]);
        Assert.Null((long?)problem["existingId"]);
        Assert.Contains("items 0 and 1", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(before, await Database.CountItemsAsync());
    }

    private Task<HttpResponseMessage> PostTextAsync(string body)
        => Server.Client.PostAsync("/api/v1/items", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    private static async Task<long> IdOfAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Submit returned {(int)response.StatusCode}: {body}");
        return (long)JsonNode.Parse(body)!["id"]!;
    }

    private Task<long> CountWithKeyAsync(string key)
        => Database.ScalarAsync<long>("SELECT count(*) FROM workflow.work_items WHERE idempotency_key = $1", key);
}
