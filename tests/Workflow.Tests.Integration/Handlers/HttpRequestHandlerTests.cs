using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Api.Handlers.Http;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Handlers;

/// <summary>
/// The <c>http.request</c> kind against a real HTTP endpoint on 127.0.0.1: retries and their delays, status
/// classification, the stored result, redaction, and the destination checks made before connecting. Each test
/// starts its own server because the tests need different settings.
/// </summary>
public sealed class HttpRequestHandlerTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly Dictionary<string, string?> LoopbackAllowed = new()
    {
        ["Workflow:Http:AllowLoopback"] = "true",
    };

    [Fact]
    public async Task ServiceUnavailableTwice_RetriesWithGrowingDelays()
    {
        await using var endpoint = await LocalHttpEndpoint.StartAsync((context, number) => RespondAsync(context, number <= 2 ? 503 : 200, "ok"));
        await using var server = await StartServerAsync(new Dictionary<string, string?>(LoopbackAllowed)
        {
            ["Workflow:Backoff:BaseDelay"] = "00:00:00.5",
            ["Workflow:Backoff:Factor"] = "2",
            ["Workflow:Backoff:Jitter"] = "0",
            ["Workflow:Backoff:Cap"] = "00:00:10",
        });

        var id = await SubmitAsync(server, new { url = endpoint.Url("flaky"), method = "GET" });
        var item = await server.WaitForStateAsync(id, "succeeded");

        var attempts = item["attempts"]!.AsArray();
        Assert.Equal(["failed", "failed", "succeeded"], attempts.Select(a => (string?)a!["outcome"]));
        Assert.Equal(["transient", "transient", null], attempts.Select(a => (string?)a!["category"]));
        Assert.Contains("503", (string?)attempts[0]!["error"], StringComparison.Ordinal);
        Assert.Contains("503", (string?)attempts[1]!["error"], StringComparison.Ordinal);
        Assert.Equal(3, endpoint.Received.Count);

        // With jitter 0 the engine waits exactly 0.5 s, then 1 s, after the failures; polling only adds to that.
        var started = await StartTimesAsync(id);
        var firstGap = started[1] - started[0];
        var secondGap = started[2] - started[1];
        Assert.True(firstGap >= TimeSpan.FromSeconds(0.5), $"First gap {firstGap}");
        Assert.True(secondGap >= TimeSpan.FromSeconds(1), $"Second gap {secondGap}");
        Assert.True(secondGap > firstGap, $"Gaps {firstGap} then {secondGap}");
    }

    [Fact]
    public async Task TooManyRequests_WaitsForRetryAfter()
    {
        await using var endpoint = await LocalHttpEndpoint.StartAsync((context, number) =>
        {
            if (number == 1)
            {
                context.Response.Headers.RetryAfter = "1";
                return RespondAsync(context, 429, "slow down");
            }

            return RespondAsync(context, 200, "ok");
        });

        // The backoff of the fast settings is 0.1 s, so a gap of 1 s can only come from Retry-After.
        await using var server = await StartServerAsync(LoopbackAllowed);

        var id = await SubmitAsync(server, new { url = endpoint.Url("limited"), method = "GET" });
        var item = await server.WaitForStateAsync(id, "succeeded");

        var attempts = item["attempts"]!.AsArray();
        Assert.Equal(2, attempts.Count);
        Assert.Equal("failed", (string?)attempts[0]!["outcome"]);
        Assert.Equal("resource_exhausted", (string?)attempts[0]!["category"]);

        var rows = await database.RowsAsync(
            "SELECT started_at, finished_at FROM workflow.attempts WHERE work_item_id = $1 ORDER BY number", id);
        var wait = (DateTime)rows[1]["started_at"]! - (DateTime)rows[0]["finished_at"]!;
        Assert.True(wait >= TimeSpan.FromSeconds(0.99), $"The second attempt started {wait} after the first finished.");
    }

    [Fact]
    public async Task NotFound_DiesAfterOneAttempt_AsPermanent()
    {
        await using var endpoint = await LocalHttpEndpoint.StartAsync((context, _) => RespondAsync(context, 404, "no such thing"));
        await using var server = await StartServerAsync(LoopbackAllowed);

        var id = await SubmitAsync(server, new { url = endpoint.Url("missing"), method = "GET" });
        var item = await server.WaitForStateAsync(id, "dead");

        var attempts = item["attempts"]!.AsArray();
        Assert.Single(attempts);
        Assert.Equal("permanent", (string?)attempts[0]!["category"]);
        Assert.Equal("permanent", (string?)item["lastErrorCategory"]);
        Assert.Single(endpoint.Received);
    }

    [Theory]
    [InlineData("0123456789abcdefXYZ", "0123456789abcdef", true)]
    [InlineData("0123456789abcdef", "0123456789abcdef", false)]
    [InlineData("short", "short", false)]
    [InlineData("0123456789abcdeé and more", "0123456789abcde", true)]
    public async Task Result_StoresStatusAndBodyExcerpt(string body, string excerpt, bool truncated)
    {
        await using var endpoint = await LocalHttpEndpoint.StartAsync((context, _) => RespondAsync(context, 201, body));
        await using var server = await StartServerAsync(new Dictionary<string, string?>(LoopbackAllowed)
        {
            ["Workflow:Http:MaxBodyExcerptBytes"] = "16",
        });

        var id = await SubmitAsync(server, new { url = endpoint.Url("created"), method = "POST", body = new { order = 7 } });
        var item = await server.WaitForStateAsync(id, "succeeded");

        var result = item["result"]!;
        Assert.Equal(201, (int)result["status"]!);
        Assert.Equal(excerpt, (string?)result["body"]);
        Assert.Equal(truncated, (bool)result["bodyTruncated"]!);
    }

    [Fact]
    public async Task Secrets_MaskedInApiOnly()
    {
        await using var endpoint = await LocalHttpEndpoint.StartAsync((context, _) => RespondAsync(context, 200, "ok"));
        await using var server = await StartServerAsync(LoopbackAllowed);
        var url = $"http://user:url-password@127.0.0.1:{endpoint.BaseAddress.Port}/secure?token=query-token&page=2";
        var headers = new Dictionary<string, string>
        {
            ["Authorization"] = "Bearer header-token",
            ["X-Api-Key"] = "api-key-value",
            ["X-Trace"] = "trace-1",
        };

        var id = await SubmitAsync(server, new { url, method = "GET", headers });
        var item = await server.WaitForStateAsync(id, "succeeded");

        var payload = item["payload"]!;
        Assert.Equal("***", (string?)payload["headers"]!["Authorization"]);
        Assert.Equal("***", (string?)payload["headers"]!["X-Api-Key"]);
        Assert.Equal("trace-1", (string?)payload["headers"]!["X-Trace"]);
        var shownUrl = (string?)payload["url"];
        Assert.DoesNotContain("url-password", shownUrl, StringComparison.Ordinal);
        Assert.DoesNotContain("query-token", shownUrl, StringComparison.Ordinal);
        Assert.Contains("user:***@", shownUrl, StringComparison.Ordinal);
        Assert.Contains("page=2", shownUrl, StringComparison.Ordinal);

        var listed = JsonNode.Parse(await server.Client.GetStringAsync($"/api/v1/items?kind={HttpRequestHandler.Kind}"))!["items"]!
            .AsArray().Single(i => (long)i!["id"]! == id)!;
        Assert.Equal("***", (string?)listed["payload"]!["headers"]!["Authorization"]);

        var received = Assert.Single(endpoint.Received);
        Assert.Equal("Bearer header-token", received.Headers["Authorization"]);
        Assert.Equal("api-key-value", received.Headers["X-Api-Key"]);
        Assert.Equal("/secure?token=query-token&page=2", received.PathAndQuery);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://2852039166/latest/meta-data")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://127.0.0.1:9/")]
    [InlineData("http://[::1]:9/")]
    [InlineData("http://10.1.2.3/")]
    public async Task DeniedAddress_DiesAfterOneAttempt_AsSecurity(string url)
    {
        await using var server = await StartServerAsync(new Dictionary<string, string?>());

        var id = await SubmitAsync(server, new { url, method = "GET" });
        var item = await server.WaitForStateAsync(id, "dead");

        var attempts = item["attempts"]!.AsArray();
        Assert.Single(attempts);
        Assert.Equal("security", (string?)attempts[0]!["category"]);
        Assert.Contains("denied before connecting", (string?)attempts[0]!["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task NameResolvingToDeniedAddress_NeverConnects()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var resolver = new MappedHostResolver(new Dictionary<string, IPAddress>
        {
            ["metadata.example.test"] = IPAddress.Parse("169.254.169.254"),
            ["loopback.example.test"] = IPAddress.Loopback,
        });
        await using var server = await StartServerAsync(
            new Dictionary<string, string?>(), services => services.AddSingleton<IHostResolver>(resolver));

        var metadata = await SubmitAsync(server, new { url = "http://metadata.example.test/latest/meta-data", method = "GET" });
        var loopback = await SubmitAsync(server, new { url = $"http://loopback.example.test:{port}/", method = "GET" });
        var metadataItem = await server.WaitForStateAsync(metadata, "dead");
        var loopbackItem = await server.WaitForStateAsync(loopback, "dead");

        Assert.Equal("security", (string?)metadataItem["attempts"]![0]!["category"]);
        Assert.Equal("security", (string?)loopbackItem["attempts"]![0]!["category"]);
        Assert.Single(loopbackItem["attempts"]!.AsArray());
        Assert.Contains("loopback.example.test", resolver.Resolved);
        Assert.False(listener.Pending(), "The denied request opened a connection to the listener.");
    }

    [Fact]
    public async Task NameResolvingToLoopback_Connects_WhenLoopbackAllowed()
    {
        // The counterpart of the test above. The same name and listener do receive a connection once loopback
        // is allowed, so a listener without pending connections there shows that the check ran first.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var resolver = new MappedHostResolver(new Dictionary<string, IPAddress> { ["loopback.example.test"] = IPAddress.Loopback });
        await using var server = await StartServerAsync(LoopbackAllowed, services => services.AddSingleton<IHostResolver>(resolver));

        var id = await SubmitAsync(server, new { url = $"http://loopback.example.test:{port}/", method = "GET", timeoutSeconds = 1 }, maxAttempts: 1);

        await Eventually.TrueAsync(() => Task.FromResult(listener.Pending()), "the listener to receive a connection");
        await server.WaitForStateAsync(id, "dead");
    }

    private async Task<WorkflowTestServer> StartServerAsync(
        IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
        => await WorkflowTestServer.StartAsync(database.ConnectionString, settings, services);

    private static async Task<long> SubmitAsync(WorkflowTestServer server, object payload, int maxAttempts = 5)
    {
        var submitted = await server.SubmitAsync(new { kind = HttpRequestHandler.Kind, payload, maxAttempts });
        return (long)submitted["id"]!;
    }

    private async Task<List<DateTime>> StartTimesAsync(long id)
    {
        var rows = await database.RowsAsync("SELECT started_at FROM workflow.attempts WHERE work_item_id = $1 ORDER BY number", id);
        return [.. rows.Select(r => (DateTime)r["started_at"]!)];
    }

    private static Task RespondAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(body);
    }

    /// <summary>Resolves a fixed set of names and records each name it resolves.</summary>
    private sealed class MappedHostResolver(IReadOnlyDictionary<string, IPAddress> addresses) : IHostResolver
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _resolved = new();

        public IReadOnlyList<string> Resolved => [.. _resolved];

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            _resolved.Enqueue(host);
            return Task.FromResult(addresses.TryGetValue(host, out var address) ? new[] { address } : []);
        }
    }
}
