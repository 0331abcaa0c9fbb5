using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Workflow.Engine.Tracing;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Observability;

/// <summary>
/// Captures the attempt spans of a real server with an <see cref="ActivityListener"/> and checks their tags,
/// status and link to the submitting request. The listener receives spans of every server in the test process, so
/// spans are picked by the trace their link points to.
/// </summary>
public sealed class AttemptSpanTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    // Random per run: other test classes run servers in this process whose items have the same ids.
    private static readonly string SubmitTraceId = ActivityTraceId.CreateRandom().ToHexString();
    private static readonly string SubmitSpanId = ActivitySpanId.CreateRandom().ToHexString();

    private readonly ConcurrentQueue<Activity> _stopped = new();
    private ActivityListener? _listener;

    [Fact]
    public async Task Attempts_HaveSpansWithTagsAndLink()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WorkflowTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/items")
        {
            Content = JsonContent.Create(new { kind = FlakyHandler.Kind, payload = new { failures = 1 }, maxAttempts = 3 }),
        };
        request.Headers.Add("traceparent", $"00-{SubmitTraceId}-{SubmitSpanId}-01");
        using var response = await fixture.Server.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var id = (long)(await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["id"]!;
        await fixture.Server.WaitForStateAsync(id, "succeeded");

        var spans = await Eventually.ValueAsync(
            () => Task.FromResult(_stopped.Where(LinksToSubmission).OrderBy(a => a.StartTimeUtc).ToList()),
            found => found.Count == 2,
            $"two attempt spans of item {id}");

        var (failed, succeeded) = (spans[0], spans[1]);
        Assert.Equal(id, failed.GetTagItem("workflow.item.id"));
        Assert.Equal(id, succeeded.GetTagItem("workflow.item.id"));
        Assert.Equal(WorkflowTracing.AttemptActivityName, failed.OperationName);
        Assert.Equal(ActivityKind.Consumer, failed.Kind);
        Assert.Equal(FlakyHandler.Kind, failed.GetTagItem("workflow.item.kind"));
        Assert.Equal("default", failed.GetTagItem("workflow.item.queue"));
        Assert.Equal(1, failed.GetTagItem("workflow.attempt.number"));
        Assert.Equal(2, succeeded.GetTagItem("workflow.attempt.number"));
        Assert.NotNull(failed.GetTagItem("workflow.node.id"));
        Assert.Equal("failed", failed.GetTagItem("workflow.attempt.outcome"));
        Assert.Equal("pending", failed.GetTagItem("workflow.item.next_state"));
        Assert.Equal("transient", failed.GetTagItem("workflow.error.category"));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal("succeeded", succeeded.GetTagItem("workflow.attempt.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, succeeded.Status);

        // The link points into the submitting request's trace. Its span id is that of the server's request span,
        // which ASP.NET Core creates as a child of the incoming traceparent.
        foreach (var span in spans)
        {
            var link = Assert.Single(span.Links);
            Assert.Equal(SubmitTraceId, link.Context.TraceId.ToHexString());
            Assert.NotEqual(SubmitTraceId, span.TraceId.ToHexString());
            Assert.Equal(default, span.ParentSpanId);
        }

        var stored = await fixture.Database.ScalarAsync<string>("SELECT trace_parent FROM workflow.work_items WHERE id = $1", id);
        Assert.StartsWith($"00-{SubmitTraceId}-", stored, StringComparison.Ordinal);
    }

    public void Dispose() => _listener?.Dispose();

    private static bool LinksToSubmission(Activity span)
        => span.Links.Any(link => link.Context.TraceId.ToHexString() == SubmitTraceId);
}
