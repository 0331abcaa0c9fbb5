using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workflow.Engine.Model;
using Workflow.Engine.Storage;
using Workflow.Persistence;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Processes;

/// <summary>
/// A node whose heartbeat reports every lease lost while the stored lease token still matches. The node
/// cancels each handler and stores the attempt as abandoned, and those attempts must use up max attempts.
/// </summary>
public sealed class LostLeaseTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task LeaseLost_CountsTowardsMaxAttempts()
    {
        await using var server = await WorkflowTestServer.StartAsync(
            database.ConnectionString,
            NodeRows.ForQueue("lost-lease"),
            services => services.AddSingleton<IWorkStore>(
                sp => new LeaseLosingStore(new PostgresWorkStore(sp.GetRequiredService<NpgsqlDataSource>()))));

        var submitted = await server.SubmitAsync(
            new { kind = "delay", queue = "lost-lease", payload = new { milliseconds = 60_000 }, maxAttempts = 2 });
        var id = (long)submitted["id"]!;
        var item = await server.WaitForStateAsync(id, "dead");

        var attempts = item["attempts"]!.AsArray();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal("abandoned", (string?)a!["outcome"]));
        Assert.All(attempts, a => Assert.Equal("LeaseLost", (string?)a!["errorType"]));
        Assert.Equal(2, (int)item["failedAttempts"]!);
        Assert.NotNull(item["finishedAt"]);
    }

    /// <summary>Stores everything as the real store does, but reports every lease as lost after the heartbeat.</summary>
    private sealed class LeaseLosingStore : ForwardingWorkStore
    {
        public LeaseLosingStore(IWorkStore inner) => Inner = inner;

        public override async Task<IReadOnlyList<LeaseReference>> HeartbeatAsync(
            Guid nodeId,
            NodeState state,
            string snapshotJson,
            IReadOnlyList<LeaseReference> leases,
            TimeSpan leaseDuration,
            CancellationToken cancellationToken)
        {
            await Inner.HeartbeatAsync(nodeId, state, snapshotJson, leases, leaseDuration, cancellationToken);
            return leases;
        }
    }
}
