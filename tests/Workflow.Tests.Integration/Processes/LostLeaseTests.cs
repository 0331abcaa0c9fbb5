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
    private sealed class LeaseLosingStore(IWorkStore inner) : IWorkStore
    {
        public async Task<IReadOnlyList<LeaseReference>> HeartbeatAsync(
            Guid nodeId,
            NodeState state,
            string snapshotJson,
            IReadOnlyList<LeaseReference> leases,
            TimeSpan leaseDuration,
            CancellationToken cancellationToken)
        {
            await inner.HeartbeatAsync(nodeId, state, snapshotJson, leases, leaseDuration, cancellationToken);
            return leases;
        }

        public Task RegisterNodeAsync(NodeRegistration node, CancellationToken cancellationToken)
            => inner.RegisterNodeAsync(node, cancellationToken);

        public Task<IReadOnlyList<LeasedItem>> LeaseAsync(
            Guid nodeId,
            IReadOnlyList<string> queues,
            IReadOnlyList<string> kinds,
            int limit,
            TimeSpan leaseDuration,
            CancellationToken cancellationToken)
            => inner.LeaseAsync(nodeId, queues, kinds, limit, leaseDuration, cancellationToken);

        public Task<IReadOnlyList<LeasedItem>> LeaseByQueueAsync(
            Guid nodeId,
            IReadOnlyList<QueueQuota> quotas,
            IReadOnlyList<string> kinds,
            int limit,
            TimeSpan leaseDuration,
            CancellationToken cancellationToken)
            => inner.LeaseByQueueAsync(nodeId, quotas, kinds, limit, leaseDuration, cancellationToken);

        public Task<long> CountDueAsync(IReadOnlyList<QueueQuota> quotas, IReadOnlyList<string> kinds, CancellationToken cancellationToken)
            => inner.CountDueAsync(quotas, kinds, cancellationToken);

        public Task<IReadOnlyList<long>> RecordAttemptsAsync(
            Guid nodeId, IReadOnlyList<AttemptRecord> records, CancellationToken cancellationToken)
            => inner.RecordAttemptsAsync(nodeId, records, cancellationToken);

        public Task<RecoveryResult> RecoverAsync(TimeSpan nodeStaleAfter, int batchSize, CancellationToken cancellationToken)
            => inner.RecoverAsync(nodeStaleAfter, batchSize, cancellationToken);

        public Task SetNodeStateAsync(Guid nodeId, NodeState state, CancellationToken cancellationToken)
            => inner.SetNodeStateAsync(nodeId, state, cancellationToken);

        public bool IsTransient(Exception exception) => inner.IsTransient(exception);
    }
}
