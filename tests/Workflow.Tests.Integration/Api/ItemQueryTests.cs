using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Api;

/// <summary>
/// The item list, its filters and keyset pagination, plus the OpenAPI document and health endpoints. The
/// node only leases the <c>default</c> queue, so items submitted to other queues stay pending.
/// </summary>
public sealed class ItemQueryTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WorkflowTestServer Server => fixture.Server;

    [Fact]
    public async Task List_FilteredByState_ReturnsOnlyThatState()
    {
        var succeeded = await SubmitIdAsync(new { kind = "noop" });
        var dead = await SubmitIdAsync(new { kind = FlakyHandler.Kind, payload = new { failures = 1, category = "permanent" } });
        var cancelled = await SubmitIdAsync(new { kind = "noop", delay = 3600 });
        var pending = await SubmitIdAsync(new { kind = "noop", delay = 3600 });
        await Server.WaitForStateAsync(succeeded, "succeeded");
        await Server.WaitForStateAsync(dead, "dead");
        using (var cancel = await Server.Client.PostAsync($"/api/v1/items/{cancelled}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        var expected = new Dictionary<string, long>
        {
            ["succeeded"] = succeeded,
            ["dead"] = dead,
            ["cancelled"] = cancelled,
            ["pending"] = pending,
        };
        foreach (var (state, id) in expected)
        {
            var items = await ListAllAsync($"state={state}");

            Assert.All(items, item => Assert.Equal(state, (string?)item["state"]));
            Assert.Contains(id, items.Select(IdOf));
            Assert.Empty(expected.Values.Where(other => other != id).Intersect(items.Select(IdOf)));
        }
    }

    [Fact]
    public async Task List_FilteredByKind_ReturnsOnlyThatKind()
    {
        var flaky = await SubmitIdAsync(new { kind = FlakyHandler.Kind, payload = new { failures = 0 }, queue = "by-kind" });
        var noop = await SubmitIdAsync(new { kind = "noop", queue = "by-kind" });

        var items = await ListAllAsync($"kind={FlakyHandler.Kind}");

        Assert.All(items, item => Assert.Equal(FlakyHandler.Kind, (string?)item["kind"]));
        Assert.Contains(flaky, items.Select(IdOf));
        Assert.DoesNotContain(noop, items.Select(IdOf));
    }

    [Fact]
    public async Task List_FilteredByQueue_ReturnsExactlyThatQueue()
    {
        var inQueue = await SubmitBatchAsync("by-queue", 3);
        await SubmitBatchAsync("by-queue-other", 2);

        var items = await ListAllAsync("queue=by-queue");

        Assert.Equal(inQueue.OrderDescending(), items.Select(IdOf));
        Assert.All(items, item => Assert.Equal("by-queue", (string?)item["queue"]));
    }

    [Fact]
    public async Task List_CombinedFilters_MatchEveryFilter()
    {
        var noop = await SubmitIdAsync(new { kind = "noop", queue = "combined" });
        await SubmitIdAsync(new { kind = FlakyHandler.Kind, payload = new { failures = 0 }, queue = "combined" });

        var items = await ListAllAsync("state=pending&kind=noop&queue=combined");

        Assert.Equal([noop], items.Select(IdOf));
    }

    [Theory]
    [InlineData(23, 5)]
    [InlineData(20, 5)]
    [InlineData(4, 1)]
    [InlineData(3, 500)]
    public async Task List_Paginated_VisitsEveryItemOnceNewestFirst(int count, int limit)
    {
        var queue = $"paging-{count}-{limit}";
        var submitted = await SubmitBatchAsync(queue, count);

        var visited = new List<long>();
        var pageSizes = new List<int>();
        string? next = null;
        for (var page = 0; page <= count; page++)
        {
            var query = $"queue={queue}&limit={limit}" + (next is null ? "" : $"&after={next}");
            var body = await GetJsonAsync($"/api/v1/items?{query}");
            var items = body["items"]!.AsArray();
            visited.AddRange(items.Select(i => IdOf(i!)));
            pageSizes.Add(items.Count);
            next = (string?)body["next"];
            if (next is null)
            {
                break;
            }
        }

        Assert.Null(next);
        Assert.Equal(submitted.OrderDescending(), visited);
        Assert.All(pageSizes.SkipLast(1), size => Assert.Equal(limit, size));
        Assert.InRange(pageSizes[^1], 1, limit);
    }

    [Fact]
    public async Task List_WithoutLimit_ReturnsDefaultPageSize()
    {
        var queue = "default-page";
        await SubmitBatchAsync(queue, 51);

        var body = await GetJsonAsync($"/api/v1/items?queue={queue}");

        Assert.Equal(50, body["items"]!.AsArray().Count);
        Assert.NotNull((string?)body["next"]);
    }

    [Theory]
    [InlineData("state", "state=bogus")]
    [InlineData("state", "state=Pending")]
    [InlineData("limit", "limit=0")]
    [InlineData("limit", "limit=501")]
    [InlineData("limit", "limit=-1")]
    [InlineData("limit", "limit=ten")]
    [InlineData("after", "after=abc")]
    [InlineData("after", "after=0")]
    [InlineData("after", "after=-5")]
    [InlineData("kind", "kind=has%20space")]
    [InlineData("queue", "queue=bad!")]
    public async Task List_InvalidParameter_Returns400NamingIt(string field, string query)
    {
        using var response = await Server.Client.GetAsync($"/api/v1/items?{query}");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"Expected an error for '{field}': {text}");
    }

    [Fact]
    public async Task OpenApiDocument_ListsItemRoutes()
    {
        var document = await GetJsonAsync("/openapi/v1.json");

        var paths = document["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/api/v1/items"), string.Join(", ", paths.Select(p => p.Key)));
        Assert.True(paths.ContainsKey("/api/v1/items/{id}"), string.Join(", ", paths.Select(p => p.Key)));
        Assert.True(paths.ContainsKey("/api/v1/items/batch"), string.Join(", ", paths.Select(p => p.Key)));
        Assert.NotNull(paths["/api/v1/items"]!["post"]);
        Assert.NotNull(paths["/api/v1/items"]!["get"]);

        var submitResponses = paths["/api/v1/items"]!["post"]!["responses"]!.AsObject();
        foreach (var status in new[] { "401", "403", "415", "429" })
        {
            Assert.True(submitResponses.ContainsKey(status), $"POST /api/v1/items documents no {status}.");
        }

        Assert.NotNull(paths["/api/v1/stats"]!["get"]!["responses"]!["401"]);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthEndpoint_Returns200(string path)
    {
        using var response = await Server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<long> SubmitIdAsync(object request) => (long)(await Server.SubmitAsync(request))["id"]!;

    /// <summary>Submits <paramref name="count"/> pending noop items to a queue in one batch and returns their ids.</summary>
    private async Task<List<long>> SubmitBatchAsync(string queue, int count)
    {
        var items = Enumerable.Range(0, count).Select(i => new { kind = "noop", queue, payload = new { echo = i } }).ToArray();
        using var response = await Server.Client.PostAsJsonAsync("/api/v1/items/batch", new { items });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Batch returned {(int)response.StatusCode}: {body}");
        return [.. JsonNode.Parse(body)!["items"]!.AsArray().Select(i => IdOf(i!))];
    }

    /// <summary>Returns every item that matches a filter, following the pages to the end.</summary>
    private async Task<List<JsonNode>> ListAllAsync(string filter)
    {
        var all = new List<JsonNode>();
        string? next = null;
        for (var page = 0; page < 100; page++)
        {
            var body = await GetJsonAsync($"/api/v1/items?{filter}&limit=500" + (next is null ? "" : $"&after={next}"));
            all.AddRange(body["items"]!.AsArray().Select(i => i!));
            next = (string?)body["next"];
            if (next is null)
            {
                return all;
            }
        }

        throw new InvalidOperationException($"The list for '{filter}' did not end within 100 pages.");
    }

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await Server.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} returned {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    private static long IdOf(JsonNode item) => (long)item["id"]!;
}
