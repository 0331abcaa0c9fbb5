using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflow.Api.Security;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Api;

public sealed class RateLimitTests(RateLimitTests.Fixture fixture) : IClassFixture<RateLimitTests.Fixture>
{
    private WorkflowTestServer Server => fixture.Server;

    [Fact]
    public async Task OverLimit_Returns429WithRetryAfter()
    {
        var key = await Server.CreateKeyAsync("limited", ApiScopes.Submit);
        using var client = Server.CreateClient(key);
        await SubmitAsync(client, HttpStatusCode.Created);
        await SubmitAsync(client, HttpStatusCode.Created);

        using var response = await client.PostAsJsonAsync("/api/v1/items", new { kind = "noop" });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.True(retryAfter >= TimeSpan.FromSeconds(1), $"Retry-After is {retryAfter}.");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(429, (int?)problem["status"]);
    }

    [Fact]
    public async Task BatchRoute_SharesTheKeysBucket()
    {
        var key = await Server.CreateKeyAsync("batch-limited", ApiScopes.Submit);
        using var client = Server.CreateClient(key);
        await SubmitAsync(client, HttpStatusCode.Created);
        await SubmitAsync(client, HttpStatusCode.Created);

        using var response = await client.PostAsJsonAsync("/api/v1/items/batch", new { items = new[] { new { kind = "noop" } } });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
    }

    [Fact]
    public async Task EachKey_HasItsOwnBucket()
    {
        var first = await Server.CreateKeyAsync("first", ApiScopes.Submit);
        var second = await Server.CreateKeyAsync("second", ApiScopes.Submit);
        using var firstClient = Server.CreateClient(first);
        using var secondClient = Server.CreateClient(second);
        await SubmitAsync(firstClient, HttpStatusCode.Created);
        await SubmitAsync(firstClient, HttpStatusCode.Created);
        await SubmitAsync(firstClient, HttpStatusCode.TooManyRequests);

        await SubmitAsync(secondClient, HttpStatusCode.Created);
    }

    [Fact]
    public async Task ReadRoutes_AreNotLimited()
    {
        var key = await Server.CreateKeyAsync("reader", ApiScopes.Read);
        using var client = Server.CreateClient(key);

        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("/api/v1/stats");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static async Task SubmitAsync(HttpClient client, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/items", new { kind = "noop" });
        Assert.Equal(expected, response.StatusCode);
    }

    public sealed class Fixture : ServerFixture
    {
        // Two requests per key, refilled after an hour, so no test depends on timing.
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Workflow:Api:RateLimit:TokenLimit"] = "2",
            ["Workflow:Api:RateLimit:TokensPerPeriod"] = "2",
            ["Workflow:Api:RateLimit:ReplenishmentPeriod"] = "01:00:00",
        };
    }
}
