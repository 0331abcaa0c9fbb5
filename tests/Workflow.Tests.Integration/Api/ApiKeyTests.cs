using Workflow.Api.Security.Keys;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Api.Security;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Api;

public sealed class ApiKeyTests(ApiKeyTests.Fixture fixture) : IClassFixture<ApiKeyTests.Fixture>
{
    private static readonly object NoopItem = new { kind = "noop" };

    private WorkflowTestServer Server => fixture.Server;

    [Fact]
    public async Task NoKey_Returns401WithChallenge()
    {
        using var client = Server.CreateClient(apiKey: null);

        using var response = await client.PostAsJsonAsync("/api/v1/items", NoopItem);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer realm=\"workflow\"", response.Headers.WwwAuthenticate.ToString());
        var problem = await ReadJsonAsync(response);
        Assert.Equal(401, (int?)problem["status"]);
        Assert.Contains("Authorization: Bearer KEY", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wf_0123456789abcdef_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("not-a-key")]
    [InlineData("")]
    public async Task UnknownOrMalformedKey_Returns401(string key)
    {
        using var client = Server.CreateClient(apiKey: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/stats");
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {key}");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task WrongSecretOfKnownPrefix_Returns401()
    {
        var key = await Server.CreateKeyAsync("wrong-secret", ApiScopes.Read);
        var forged = key[..^4] + (key[^4..] == "aaaa" ? "bbbb" : "aaaa");
        using var client = Server.CreateClient(forged);

        using var response = await client.GetAsync("/api/v1/stats");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedKey_Returns401()
    {
        var key = await Server.CreateKeyAsync("to-revoke", ApiScopes.Read);
        using var client = Server.CreateClient(key);
        using (var before = await client.GetAsync("/api/v1/stats"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var prefix = key.Split('_')[1];
        await fixture.Database.ExecuteAsync("UPDATE workflow.api_keys SET revoked_at = now() WHERE prefix = $1", prefix);

        // The fixture's key cache duration is zero, so the next request reads the revocation.
        using var after = await client.GetAsync("/api/v1/stats");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        var problem = await ReadJsonAsync(after);
        Assert.Contains("revoked", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task XApiKeyHeader_IsAccepted()
    {
        var key = await Server.CreateKeyAsync("header", ApiScopes.Read);
        using var client = Server.CreateClient(apiKey: null);
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        using var response = await client.GetAsync("/api/v1/stats");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Basic ")]
    [InlineData("Token ")]
    public async Task KeyWithoutBearerScheme_Returns401NamingIt(string scheme)
    {
        var key = await Server.CreateKeyAsync("no-scheme", ApiScopes.Read);
        using var client = Server.CreateClient(apiKey: null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", scheme + key);

        using var response = await client.GetAsync("/api/v1/stats");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("does not use the Bearer scheme", body, StringComparison.Ordinal);
        Assert.DoesNotContain(key, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoredKey_ContainsHashNotSecret()
    {
        var key = await Server.CreateKeyAsync("hashed", ApiScopes.Submit);
        var parts = key.Split('_');
        var (prefix, secret) = (parts[1], parts[2]);

        var rows = await fixture.Database.RowsAsync(
            "SELECT k::text AS whole_row, secret_hash FROM workflow.api_keys k WHERE prefix = $1", prefix);

        var row = Assert.Single(rows);
        Assert.DoesNotContain(secret, (string)row["whole_row"]!, StringComparison.Ordinal);
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(secret)), (byte[])row["secret_hash"]!);
    }

    [Fact]
    public async Task UsedKey_RecordsLastUse()
    {
        var key = await Server.CreateKeyAsync("last-used", ApiScopes.Read);
        using var client = Server.CreateClient(key);

        using var response = await client.GetAsync("/api/v1/stats");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var prefix = key.Split('_')[1];
        await Eventually.TrueAsync(
            async () => await fixture.Database.ScalarAsync<long>(
                "SELECT count(*) FROM workflow.api_keys WHERE prefix = $1 AND last_used_at IS NOT NULL", prefix) == 1,
            "last_used_at to be set");
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    public async Task OpenRoute_NeedsNoKey(string path)
    {
        using var client = Server.CreateClient(apiKey: null);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void EveryApiRoute_HasAnApiPolicy()
    {
        var policies = new[] { ApiScopes.SubmitPolicy, ApiScopes.ReadPolicy, ApiScopes.OperatePolicy };
        var routes = Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .ToList();

        Assert.NotEmpty(routes);
        foreach (var route in routes)
        {
            var policy = route.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).FirstOrDefault();
            Assert.True(policies.Contains(policy), $"{route.DisplayName} has no API policy (it has '{policy}').");
        }
    }

    private static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response)
        => JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Workflow:Api:Auth:KeyCacheDuration"] = "00:00:00",
        };
    }
}
