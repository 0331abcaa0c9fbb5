using Workflow.Api.Dashboard;
using Workflow.Persistence.Entities;

namespace Workflow.Tests.Unit.Dashboard;

/// <summary>
/// A node counts as online while it runs or drains with a fresh heartbeat, and only online nodes' alerts are active.
/// The snapshot's sections are read on their own, so one of an unknown shape hides that section alone.
/// </summary>
public sealed class NodeStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(7);

    private const string SnapshotWithAlert = """
        {
          "workers": 2, "minWorkers": 1, "maxWorkers": 4, "busy": 1, "inFlight": 1, "prefetch": 16,
          "queues": ["default"], "kinds": ["noop"],
          "scaling": {
            "enabled": true, "backlog": 12, "measuredAt": "2026-12-04T11:59:59Z", "utilization": 0.9,
            "scaleUps": 1, "scaleDowns": 0,
            "events": [{ "at": "2026-12-04T11:59:58Z", "from": 1, "to": 2, "reason": "backlog", "backlog": 12, "utilization": 0.9 }]
          },
          "health": {
            "status": "degraded",
            "alerts": [{
              "id": "0b0e7f43-5d6c-4c39-9a43-1d2b3c4d5e6f", "type": "kind_error_rate", "subject": "noop",
              "message": "4 of 4 attempts of kind noop failed.", "value": 1, "threshold": 0.5,
              "raisedAt": "2026-12-04T11:59:57Z"
            }],
            "recentAlerts": []
          }
        }
        """;

    [Theory]
    [InlineData("running", 1, NodeStatus.Online, true)]
    [InlineData("draining", 1, NodeStatus.Draining, true)]
    [InlineData("running", 30, NodeStatus.NotResponding, false)]
    [InlineData("draining", 30, NodeStatus.NotResponding, false)]
    [InlineData("stopped", 1, "stopped", false)]
    [InlineData("dead", 30, "dead", false)]
    public void From_StateAndHeartbeatAge_SetsStatus(string state, int ageSeconds, string status, bool online)
    {
        var node = NodeStatus.From(Node(state, ageSeconds, SnapshotWithAlert), Now, StaleAfter);

        Assert.Equal(status, node.Status);
        Assert.Equal(online, node.IsOnline);
    }

    [Fact]
    public void From_Snapshot_ReadsScalingAndHealth()
    {
        var node = NodeStatus.From(Node("running", 1, SnapshotWithAlert), Now, StaleAfter);

        Assert.NotNull(node.Pool);
        Assert.Equal(12, node.Scaling?.Backlog);
        var scaleEvent = Assert.Single(node.Scaling!.Events);
        Assert.Equal(Workflow.Engine.Scaling.ScaleReason.Backlog, scaleEvent.Reason);
        Assert.Equal("degraded", node.Health?.Status);
        Assert.Single(node.Health!.Alerts);
    }

    [Fact]
    public void From_HealthOfUnknownShape_KeepsScaling()
    {
        var snapshot = SnapshotWithAlert.Replace("\"status\": \"degraded\"", "\"status\": 7", StringComparison.Ordinal);

        var node = NodeStatus.From(Node("running", 1, snapshot), Now, StaleAfter);

        Assert.Null(node.Health);
        Assert.Null(node.Pool);
        Assert.Equal(12, node.Scaling?.Backlog);
    }

    [Fact]
    public void ActiveAlerts_StaleNode_IsLeftOut()
    {
        var fresh = NodeStatus.From(Node("running", 1, SnapshotWithAlert), Now, StaleAfter);
        var stale = NodeStatus.From(Node("running", 30, SnapshotWithAlert), Now, StaleAfter);

        var alerts = NodeStatus.ActiveAlerts([fresh, stale]);

        var alert = Assert.Single(alerts);
        Assert.Same(fresh, alert.Node);
        Assert.Equal("noop", alert.Alert.Subject);
    }

    private static NodeEntity Node(string state, int ageSeconds, string snapshot) => new()
    {
        Id = Guid.NewGuid(),
        Host = "node-a",
        ProcessId = 42,
        State = state,
        StartedAt = Now.AddMinutes(-5),
        HeartbeatAt = Now.AddSeconds(-ageSeconds),
        Snapshot = snapshot,
    };
}
