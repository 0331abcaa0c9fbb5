using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Model;
using Workflow.Engine.Storage;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Persistence;

/// <summary>A heartbeat extends the leases a node still holds and reports only the others as lost.</summary>
public sealed class HeartbeatLeaseTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Heartbeat_HeldLease_IsExtendedNotLost()
    {
        await using var server = await WorkflowTestServer.StartAsync(
            database.ConnectionString, new Dictionary<string, string?> { ["Workflow:RunWorkers"] = "false" });
        var store = server.Services.GetRequiredService<IWorkStore>();
        var nodeId = Guid.NewGuid();
        var held = (long)(await server.SubmitAsync(new { kind = "noop", queue = "heartbeat" }))["id"]!;
        var notLeased = (long)(await server.SubmitAsync(new { kind = "noop", queue = "heartbeat-other" }))["id"]!;
        var leased = Assert.Single(await store.LeaseAsync(nodeId, ["heartbeat"], ["noop"], 10, TimeSpan.FromSeconds(5), default));
        var expiresBefore = await LeaseExpiryAsync(held);
        var stale = new LeaseReference(notLeased, Guid.NewGuid());

        var lost = await store.HeartbeatAsync(
            nodeId, NodeState.Running, "{}", [new LeaseReference(leased.Id, leased.LeaseToken), stale], TimeSpan.FromMinutes(10), default);

        Assert.Equal(held, leased.Id);
        Assert.Equal([stale], lost);
        Assert.True(await LeaseExpiryAsync(held) > expiresBefore.AddMinutes(5), "The held lease was not extended.");
    }

    [Fact]
    public async Task AttemptLongerThanHeartbeats_SucceedsInOneAttempt()
    {
        await using var server = await WorkflowTestServer.StartAsync(database.ConnectionString);

        // The fast settings heartbeat every 0.5 s, so this attempt spans about four heartbeats.
        var id = (long)(await server.SubmitAsync(new { kind = "delay", payload = new { milliseconds = 2000 } }))["id"]!;
        var item = await server.WaitForStateAsync(id, "succeeded");

        var attempt = Assert.Single(item["attempts"]!.AsArray());
        Assert.Equal("succeeded", (string?)attempt!["outcome"]);
        Assert.Equal(0, (int)item["failedAttempts"]!);
    }

    private Task<DateTime> LeaseExpiryAsync(long id)
        => database.ScalarAsync<DateTime>("SELECT lease_expires_at FROM workflow.work_items WHERE id = $1", id);
}
