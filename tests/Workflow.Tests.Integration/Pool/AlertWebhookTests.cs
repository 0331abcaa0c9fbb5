using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Pool;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Pool;

/// <summary>
/// A kind whose every attempt fails crosses its error rate threshold: the node raises one alert, shows it at
/// GET /api/v1/alerts, and posts it to the webhook endpoint through an <c>http.request</c> item.
/// </summary>
public sealed class AlertWebhookTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const int FailingItems = 5;

    private readonly ConcurrentQueue<(string Path, string Body)> _posts = new();
    private LocalHttpEndpoint _endpoint = null!;
    private WorkflowTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _endpoint = await LocalHttpEndpoint.StartAsync(async (context, _) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            _posts.Enqueue((context.Request.Path + context.Request.QueryString, await reader.ReadToEndAsync()));
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        var settings = new Dictionary<string, string?>
        {
            ["Workflow:Http:AllowLoopback"] = "true",
            ["Workflow:Health:Interval"] = "00:00:00.200",
            ["Workflow:Health:Window"] = "00:05:00",
            ["Workflow:Health:MinAttempts"] = "4",
            ["Workflow:Health:KindErrorRateThresholds:test.flaky"] = "0.8",
            ["Workflow:Health:AlertWebhookUrl"] = _endpoint.Url("hooks/workflow?token=t0ken"),
        };
        _server = await WorkflowTestServer.StartAsync(database.ConnectionString, settings, TestHandlers.Add);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _endpoint.DisposeAsync();
    }

    [Fact]
    public async Task KindErrorRate_RaisesAlert_PostsWebhookAndListsIt()
    {
        var nodeId = _server.Services.GetRequiredService<NodeIdentity>().NodeId;
        for (var i = 0; i < FailingItems; i++)
        {
            await _server.SubmitAsync(new
            {
                kind = "test.flaky",
                payload = new { failures = 1000, category = "permanent" },
                maxAttempts = 1,
            });
        }

        var post = await Eventually.ValueAsync(
            () => Task.FromResult(_posts.FirstOrDefault()), p => p.Body is not null, "the webhook to receive an alert");
        var alerts = await Eventually.ValueAsync(
            async () => JsonNode.Parse(await _server.Client.GetStringAsync("/api/v1/alerts"))!.AsArray(),
            list => list.Count > 0,
            "GET /api/v1/alerts to list the alert");

        var body = JsonNode.Parse(post.Body)!;
        var alert = body["alert"]!;
        Assert.Equal("/hooks/workflow?token=t0ken", post.Path);
        Assert.Equal("workflow.alert", (string?)body["type"]);
        Assert.Equal("raised", (string?)body["status"]);
        Assert.Equal(nodeId, (Guid)body["node"]!["id"]!);
        Assert.Equal("kind_error_rate", (string?)alert["type"]);
        Assert.Equal("test.flaky", (string?)alert["subject"]);
        Assert.Equal(0.8, (double)alert["threshold"]!);
        Assert.Equal(1.0, (double)alert["value"]!);
        Assert.Null(alert["resolvedAt"]);

        var listed = Assert.Single(alerts)!;
        Assert.Equal((Guid)alert["id"]!, (Guid)listed["id"]!);
        Assert.Equal(nodeId, (Guid)listed["nodeId"]!);
        Assert.Equal("active", (string?)listed["state"]);
        Assert.Equal("running", (string?)listed["nodeState"]);
        Assert.Equal("kind_error_rate", (string?)listed["type"]);

        var pool = await PoolSnapshots.ReadAsync(_server, nodeId);
        Assert.Equal("degraded", (string?)pool["health"]!["status"]);

        // Later checks find the same condition and raise nothing new, so one webhook item exists for the alert.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var webhookItems = await database.ScalarAsync<long>(
            "SELECT count(*) FROM workflow.work_items WHERE kind = 'http.request' AND idempotency_key LIKE 'workflow-alert:%'");
        Assert.Equal(1, webhookItems);
        Assert.Single(_posts);
    }
}
