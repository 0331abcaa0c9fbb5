using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Engine.Options;
using Workflow.Engine.Pool;

namespace Workflow.Tests.Unit.Pool;

/// <summary>
/// The rules that hold a node back while other nodes may consider it dead, checked on a manual clock. A node leases
/// only while its last successful heartbeat is younger than min(LeaseDuration, NodeStaleAfter). It sweeps for
/// recovery only after heartbeats have succeeded without a failure or gap for NodeStaleAfter.
/// </summary>
public sealed class NodeLivenessTests
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan NodeStaleAfter = TimeSpan.FromSeconds(3);

    private readonly ManualTimeProvider _clock = new();
    private readonly NodeLiveness _liveness;

    public NodeLivenessTests()
    {
        var options = new WorkflowOptions { LeaseDuration = LeaseDuration, NodeStaleAfter = NodeStaleAfter };
        _liveness = new NodeLiveness(options, new NodeIdentity(), _clock, NullLogger<NodeLiveness>.Instance);
    }

    [Fact]
    public void MaxHeartbeatAge_IsMinOfLimits()
        => Assert.Equal(NodeStaleAfter, _liveness.MaxHeartbeatAge);

    [Fact]
    public void CanLease_UntilHeartbeatTooOld()
    {
        var leaseAtStart = _liveness.CanLease;
        _clock.Advance(NodeStaleAfter - TimeSpan.FromMilliseconds(1));
        var leaseJustBefore = _liveness.CanLease;
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var leaseAtLimit = _liveness.CanLease;

        Assert.True(leaseAtStart);
        Assert.True(leaseJustBefore);
        Assert.False(leaseAtLimit);
    }

    [Fact]
    public void CanLease_AfterPause_OnlyOnceHeartbeatSucceeds()
    {
        _clock.Advance(TimeSpan.FromSeconds(30));
        var leaseAfterPause = _liveness.CanLease;
        _liveness.HeartbeatFailed();
        var leaseAfterFailure = _liveness.CanLease;
        _liveness.HeartbeatSucceeded(_clock.GetTimestamp());
        var leaseAfterSuccess = _liveness.CanLease;

        Assert.False(leaseAfterPause);
        Assert.False(leaseAfterFailure);
        Assert.True(leaseAfterSuccess);
    }

    [Fact]
    public void CanRecover_WaitsStalenessAfterStart()
    {
        var recoverAtStart = _liveness.CanRecover;
        AdvanceWithHeartbeats(NodeStaleAfter);
        var recoverLater = _liveness.CanRecover;

        Assert.False(recoverAtStart);
        Assert.True(recoverLater);
    }

    [Fact]
    public void CanRecover_FailedHeartbeat_RestartsWait()
    {
        AdvanceWithHeartbeats(NodeStaleAfter);
        _liveness.HeartbeatFailed();
        var recoverAfterFailure = _liveness.CanRecover;
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        _liveness.HeartbeatSucceeded(_clock.GetTimestamp());
        var recoverRightAfterSuccess = _liveness.CanRecover;
        AdvanceWithHeartbeats(NodeStaleAfter);
        var recoverLater = _liveness.CanRecover;

        Assert.False(recoverAfterFailure);
        Assert.False(recoverRightAfterSuccess);
        Assert.True(recoverLater);
    }

    [Fact]
    public void CanRecover_GapWithoutFailure_RestartsWait()
    {
        AdvanceWithHeartbeats(NodeStaleAfter);
        _clock.Advance(TimeSpan.FromSeconds(20));
        _liveness.HeartbeatSucceeded(_clock.GetTimestamp());
        var recoverAfterGap = _liveness.CanRecover;
        AdvanceWithHeartbeats(NodeStaleAfter);
        var recoverLater = _liveness.CanRecover;

        Assert.False(recoverAfterGap);
        Assert.True(recoverLater);
    }

    [Fact]
    public async Task WaitUntilCanLease_ReturnsOnHeartbeat()
    {
        _clock.Advance(TimeSpan.FromSeconds(30));
        var wait = _liveness.WaitUntilCanLeaseAsync(CancellationToken.None);
        var waitingBeforeHeartbeat = !wait.IsCompleted;
        _liveness.HeartbeatSucceeded(_clock.GetTimestamp());
        var allowed = await wait.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(waitingBeforeHeartbeat);
        Assert.True(allowed);
    }

    [Fact]
    public async Task WaitUntilCanLease_Cancelled_ReturnsFalse()
    {
        _clock.Advance(TimeSpan.FromSeconds(30));
        using var cancellation = new CancellationTokenSource();
        var wait = _liveness.WaitUntilCanLeaseAsync(cancellation.Token);
        await cancellation.CancelAsync();
        var allowed = await wait.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(allowed);
    }

    /// <summary>Moves the clock forward in heartbeat-sized steps, with a successful heartbeat after each.</summary>
    private void AdvanceWithHeartbeats(TimeSpan total)
    {
        var step = TimeSpan.FromMilliseconds(500);
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += step)
        {
            _clock.Advance(step);
            _liveness.HeartbeatSucceeded(_clock.GetTimestamp());
        }
    }
}
