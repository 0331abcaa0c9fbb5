using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflow.Api.Security;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Api;

/// <summary>Each scope allows the routes it names and no others; operate includes read.</summary>
public sealed class ScopeMatrixTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WorkflowTestServer Server => fixture.Server;

    public static TheoryData<string, string, string> Routes => new()
    {
        { "POST", "/api/v1/items", ApiScopes.Submit },
        { "POST", "/api/v1/items/batch", ApiScopes.Submit },
        { "GET", "/api/v1/items/{id}", ApiScopes.Read },
        { "GET", "/api/v1/items?limit=1", ApiScopes.Read },
        { "GET", "/api/v1/items/not-a-number", ApiScopes.Read },
        { "GET", "/api/v1/stats", ApiScopes.Read },
        { "GET", "/api/v1/nodes", ApiScopes.Read },
        { "GET", "/api/v1/circuits", ApiScopes.Read },
        { "POST", "/api/v1/items/{id}/cancel", ApiScopes.Operate },
        { "POST", "/api/v1/items/{id}/retry", ApiScopes.Operate },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_AllowsOnlyItsScope(string method, string path, string required)
    {
        var item = await Server.SubmitAsync(new { kind = "noop", delay = 3600 });
        var url = path.Replace("{id}", ((long)item["id"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        foreach (var scope in ApiScopes.All)
        {
            var key = await Server.CreateKeyAsync($"only-{scope}", scope);
            using var client = Server.CreateClient(key);

            using var response = await SendAsync(client, method, url);

            var allowed = scope == required || (scope == ApiScopes.Operate && required == ApiScopes.Read);
            if (allowed)
            {
                Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                    $"{method} {url} with a {scope} key returned {(int)response.StatusCode}.");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden,
                    $"{method} {url} with a {scope} key returned {(int)response.StatusCode}, expected 403.");
                var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                Assert.Equal(required, (string?)problem["requiredScope"]);
            }
        }
    }

    [Fact]
    public async Task FullKey_SubmitsReadsAndCancels()
    {
        var key = await Server.CreateKeyAsync("all", ApiScopes.Submit, ApiScopes.Read, ApiScopes.Operate);
        using var client = Server.CreateClient(key);

        using var submitted = await client.PostAsJsonAsync("/api/v1/items", new { kind = "noop", delay = 3600 });
        var id = (long)JsonNode.Parse(await submitted.Content.ReadAsStringAsync())!["id"]!;
        using var read = await client.GetAsync($"/api/v1/items/{id}");
        using var cancelled = await client.PostAsync($"/api/v1/items/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url) => method switch
    {
        "GET" => client.GetAsync(url),
        _ when url.EndsWith("/batch", StringComparison.Ordinal) => client.PostAsJsonAsync(url, new { items = new[] { new { kind = "noop" } } }),
        _ when url.EndsWith("/items", StringComparison.Ordinal) => client.PostAsJsonAsync(url, new { kind = "noop" }),
        _ => client.PostAsync(url, null),
    };
}
