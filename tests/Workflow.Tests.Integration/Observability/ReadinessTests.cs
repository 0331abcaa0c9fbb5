using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workflow.Engine.Model;
using Workflow.Engine.Storage;
using Workflow.Persistence;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Observability;

/// <summary>
/// <c>/health/ready</c> on a node whose heartbeat stops succeeding while the database stays up, and on a host
/// that runs no workers. The database outage case is in <see cref="DatabaseReadinessTests"/>.
/// </summary>
public sealed class ReadinessTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task HeartbeatFailing_NotReadyUntilItSucceedsAgain()
    {
        var store = new HeartbeatSwitchStore();
        await using var server = await WorkflowTestServer.StartAsync(
            database.ConnectionString,
            services: services => services.AddSingleton<IWorkStore>(sp =>
            {
                store.Inner = new PostgresWorkStore(sp.GetRequiredService<NpgsqlDataSource>());
                return store;
            }));
        await WaitForReadyAsync(server, HttpStatusCode.OK);

        store.FailHeartbeats = true;
        var failing = await WaitForReadyAsync(server, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", (string?)failing["status"]);
        Assert.Equal("Unhealthy", (string?)failing["checks"]!["heartbeat"]!["status"]);
        Assert.Equal("Healthy", (string?)failing["checks"]!["database"]!["status"]);

        store.FailHeartbeats = false;
        var recovered = await WaitForReadyAsync(server, HttpStatusCode.OK);
        Assert.Equal("Healthy", (string?)recovered["checks"]!["heartbeat"]!["status"]);
    }

    [Fact]
    public async Task NoWorkers_ReadyWithoutHeartbeat()
    {
        await using var server = await WorkflowTestServer.StartAsync(
            database.ConnectionString, new Dictionary<string, string?> { ["Workflow:RunWorkers"] = "false" });

        var ready = await WaitForReadyAsync(server, HttpStatusCode.OK);

        var heartbeat = ready["checks"]!["heartbeat"]!;
        Assert.Equal("Healthy", (string?)heartbeat["status"]);
        Assert.Contains("no workers", (string?)heartbeat["description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_AnswersWithStatusBody()
    {
        await using var server = await WorkflowTestServer.StartAsync(
            database.ConnectionString, new Dictionary<string, string?> { ["Workflow:RunWorkers"] = "false" });

        using var response = await server.Client.GetAsync("/health/live");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (string?)body["status"]);
    }

    /// <summary>Polls <c>/health/ready</c> until it returns <paramref name="status"/>, and returns its body.</summary>
    internal static async Task<JsonNode> WaitForReadyAsync(WorkflowTestServer server, HttpStatusCode status)
    {
        var (_, body) = await Eventually.ValueAsync(
            async () =>
            {
                using var response = await server.Client.GetAsync("/health/ready");
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            },
            answer => answer.StatusCode == status,
            $"/health/ready to return {(int)status}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>The real store, except that heartbeats fail while <see cref="FailHeartbeats"/> is true.</summary>
    private sealed class HeartbeatSwitchStore : ForwardingWorkStore
    {
        public volatile bool FailHeartbeats;

        public override Task<IReadOnlyList<LeaseReference>> HeartbeatAsync(
            Guid nodeId,
            NodeState state,
            string snapshotJson,
            IReadOnlyList<LeaseReference> leases,
            TimeSpan leaseDuration,
            CancellationToken cancellationToken)
            => FailHeartbeats
                ? throw new TimeoutException("The test failed this heartbeat on purpose.")
                : Inner.HeartbeatAsync(nodeId, state, snapshotJson, leases, leaseDuration, cancellationToken);
    }
}
