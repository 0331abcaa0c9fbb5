using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine;
using Workflow.Engine.Handlers;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Engine;

public sealed class CancelRetryTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private WorkflowTestServer _server = null!;

    public async Task InitializeAsync()
        => _server = await WorkflowTestServer.StartAsync(
            database.ConnectionString,
            new Dictionary<string, string?>
            {
                ["Workflow:MaxWorkers"] = "2",
                ["Workflow:Prefetch"] = "2",

                // A slow heartbeat makes it near certain that the retried item is leased again before the
                // heartbeat that must notice the lost lease of the first attempt.
                ["Workflow:HeartbeatInterval"] = "00:00:02",
                ["Workflow:NodeStaleAfter"] = "00:00:06",
                ["Workflow:LeaseDuration"] = "00:00:06",
            },
            services => services.AddWorkHandler<BlockingHandler, BlockingPayload>(BlockingHandler.Kind));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CancelThenRetry_CancelsOldHandler()
    {
        var submitted = await _server.SubmitAsync(new { kind = BlockingHandler.Kind, payload = new { tag = "cancel-retry" } });
        var id = (long)submitted["id"]!;
        await Eventually.TrueAsync(() => Task.FromResult(BlockingHandler.Started("cancel-retry") == 1), "the first attempt to start");

        using var cancel = await _server.Client.PostAsync($"/api/v1/items/{id}/cancel", null);
        using var retry = await _server.Client.PostAsync($"/api/v1/items/{id}/retry", null);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);

        // The retried item is leased again while the first attempt still runs on this node; the heartbeat must
        // still find the first lease lost and cancel its handler.
        await Eventually.TrueAsync(() => Task.FromResult(BlockingHandler.Started("cancel-retry") == 2), "the second attempt to start");
        await Eventually.TrueAsync(
            () => Task.FromResult(BlockingHandler.Cancelled("cancel-retry") == 1), "the first handler to be cancelled", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ConcurrentCancelsAndRetries_NeverFail()
    {
        var submitted = await _server.SubmitAsync(new { kind = BlockingHandler.Kind, payload = new { tag = "race" } });
        var id = (long)submitted["id"]!;
        var statuses = new ConcurrentBag<HttpStatusCode>();

        for (var round = 0; round < 5; round++)
        {
            var calls = Enumerable.Range(0, 40).Select(async i =>
            {
                var action = i % 2 == 0 ? "cancel" : "retry";
                using var response = await _server.Client.PostAsync($"/api/v1/items/{id}/{action}", null);
                statuses.Add(response.StatusCode);
            });
            await Task.WhenAll(calls);
        }

        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"status {status}"));
        var state = await database.ScalarAsync<string>("SELECT state FROM workflow.work_items WHERE id = $1", id);
        Assert.True(state is "pending" or "running" or "cancelled", $"state {state}");
    }

    public sealed record BlockingPayload(string Tag);

    /// <summary>Records each start and each cancellation by tag, and waits until cancelled.</summary>
    public sealed class BlockingHandler : IWorkHandler<BlockingPayload>
    {
        public const string Kind = "test.blocking";

        private static readonly ConcurrentDictionary<string, int> StartCounts = new();
        private static readonly ConcurrentDictionary<string, int> CancelCounts = new();

        public static int Started(string tag) => StartCounts.GetValueOrDefault(tag);

        public static int Cancelled(string tag) => CancelCounts.GetValueOrDefault(tag);

        public async Task<object?> HandleAsync(BlockingPayload payload, WorkContext context, CancellationToken cancellationToken)
        {
            StartCounts.AddOrUpdate(payload.Tag, 1, (_, n) => n + 1);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                CancelCounts.AddOrUpdate(payload.Tag, 1, (_, n) => n + 1);
                throw;
            }

            return null;
        }
    }
}
