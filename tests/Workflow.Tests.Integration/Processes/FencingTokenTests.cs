using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Model;
using Workflow.Engine.Storage;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Processes;

/// <summary>
/// Writes through <see cref="IWorkStore"/> with a lease token the writer no longer holds. The store comes from
/// an API-only server, so no node of its own leases, heartbeats or recovers while a test runs.
/// </summary>
public sealed class FencingTokenTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan NeverStale = TimeSpan.FromHours(1);

    private readonly Guid _nodeId = Guid.CreateVersion7();
    private WorkflowTestServer _api = null!;
    private IWorkStore _store = null!;

    public async Task InitializeAsync()
    {
        _api = await WorkflowTestServer.StartAsync(
            database.ConnectionString, new Dictionary<string, string?> { ["Workflow:RunWorkers"] = "false" });
        _store = _api.Services.GetRequiredService<IWorkStore>();
        var registration = new NodeRegistration(_nodeId, "fencing-test", Environment.ProcessId, ["default"]);
        await _store.RegisterNodeAsync(registration, default);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task RecordAttempts_StaleToken_IsFenced()
    {
        var leased = await SubmitAndLeaseAsync("stale-token", count: 1);
        var item = leased[0];
        var staleToken = Guid.NewGuid();

        var fenced = await _store.RecordAttemptsAsync(_nodeId, [Success(item, staleToken)], default);

        Assert.Equal([item.Id], fenced);
        var row = await database.ItemAsync(item.Id);
        Assert.Equal("running", row["state"]);
        Assert.Equal(item.LeaseToken, row["lease_token"]);
        Assert.Null(row["result"]);
        Assert.Equal(0, row["failed_attempts"]);
        var attempt = Assert.Single(await database.AttemptsAsync(item.Id));
        Assert.Equal(staleToken, attempt["lease_token"]);
        Assert.Equal("abandoned", attempt["outcome"]);
        Assert.Equal("LeaseLost", attempt["error_type"]);
    }

    [Fact]
    public async Task RecordAttempts_AfterRecovery_IsFenced()
    {
        var leased = await SubmitAndLeaseAsync("recovered", count: 1);
        var item = leased[0];
        await database.ExecuteAsync(
            "UPDATE workflow.work_items SET lease_expires_at = now() - interval '1 second' WHERE id = $1", item.Id);
        var recovery = await _store.RecoverAsync(NeverStale, batchSize: 1000, default);

        var fenced = await _store.RecordAttemptsAsync(_nodeId, [Success(item, item.LeaseToken)], default);

        Assert.Equal(new RecoveryResult(0, 1, 0), recovery);
        Assert.Equal([item.Id], fenced);
        var row = await database.ItemAsync(item.Id);
        Assert.Equal("pending", row["state"]);
        Assert.Null(row["lease_token"]);
        Assert.Null(row["result"]);
        Assert.Equal(1, row["failed_attempts"]);
        var attempt = Assert.Single(await database.AttemptsAsync(item.Id));
        Assert.Equal(item.LeaseToken, attempt["lease_token"]);
        Assert.Equal("abandoned", attempt["outcome"]);
        Assert.Equal("LeaseExpired", attempt["error_type"]);
        Assert.Equal(_nodeId, attempt["node_id"]);
    }

    [Fact]
    public async Task RecordAttempts_MixedBatch_FencesOnlyStaleRecord()
    {
        var leased = await SubmitAndLeaseAsync("mixed-batch", count: 2);
        var (valid, stale) = (leased[0], leased[1]);
        var staleToken = Guid.NewGuid();

        var fenced = await _store.RecordAttemptsAsync(
            _nodeId, [Success(valid, valid.LeaseToken), Success(stale, staleToken)], default);

        Assert.Equal([stale.Id], fenced);
        var validRow = await database.ItemAsync(valid.Id);
        Assert.Equal("succeeded", validRow["state"]);
        Assert.Equal("{\"ok\": true}", validRow["result"]);
        Assert.Null(validRow["lease_token"]);
        var validAttempt = Assert.Single(await database.AttemptsAsync(valid.Id));
        Assert.Equal("succeeded", validAttempt["outcome"]);
        Assert.Equal(valid.LeaseToken, validAttempt["lease_token"]);

        var staleRow = await database.ItemAsync(stale.Id);
        Assert.Equal("running", staleRow["state"]);
        Assert.Equal(stale.LeaseToken, staleRow["lease_token"]);
        Assert.Null(staleRow["result"]);
        var staleAttempt = Assert.Single(await database.AttemptsAsync(stale.Id));
        Assert.Equal("abandoned", staleAttempt["outcome"]);
        Assert.Equal(staleToken, staleAttempt["lease_token"]);
    }

    [Fact]
    public async Task Heartbeat_StaleToken_ReportsLeaseLost()
    {
        var leased = await SubmitAndLeaseAsync("heartbeat", count: 2);
        var (held, lost) = (leased[0], leased[1]);
        var staleLease = new LeaseReference(lost.Id, Guid.NewGuid());
        await database.ExecuteAsync(
            "UPDATE workflow.work_items SET lease_expires_at = now() + interval '1 minute' WHERE id = ANY($1)",
            new[] { held.Id, lost.Id });

        var lostLeases = await _store.HeartbeatAsync(
            _nodeId, NodeState.Running, "{}", [new LeaseReference(held.Id, held.LeaseToken), staleLease], LongLease, default);

        Assert.Equal([staleLease], lostLeases);
        Assert.InRange(await LeaseSecondsLeftAsync(held.Id), 120, LongLease.TotalSeconds);
        Assert.InRange(await LeaseSecondsLeftAsync(lost.Id), 0, 60);
    }

    private async Task<IReadOnlyList<LeasedItem>> SubmitAndLeaseAsync(string queue, int count)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var submitted = await _api.SubmitAsync(new { kind = "noop", queue, priority = i });
            ids.Add((long)submitted["id"]!);
        }

        var leased = await _store.LeaseAsync(_nodeId, [queue], ["noop"], count, LongLease, default);
        Assert.Equal(ids, leased.Select(l => l.Id));
        return leased;
    }

    private Task<double> LeaseSecondsLeftAsync(long id)
        => database.ScalarAsync<double>(
            "SELECT extract(epoch FROM lease_expires_at - now())::float8 FROM workflow.work_items WHERE id = $1", id);

    private static AttemptRecord Success(LeasedItem item, Guid leaseToken)
    {
        var now = DateTimeOffset.UtcNow;
        return new AttemptRecord(item.Id, leaseToken, item.Attempt, AttemptOutcome.Succeeded, WorkItemState.Succeeded,
            null, false, "{\"ok\":true}", null, now.AddMilliseconds(-5), now);
    }
}
