namespace Workflow.Engine.Storage;

/// <summary>What one recovery sweep did.</summary>
/// <param name="NodesMarkedDead">Nodes whose heartbeat was stale and are now <c>dead</c>.</param>
/// <param name="ItemsReleased">Running items whose lease had expired or whose node was dead, now pending again.</param>
/// <param name="ItemsDead">Released items that had used their last attempt and are now dead.</param>
public sealed record RecoveryResult(int NodesMarkedDead, int ItemsReleased, int ItemsDead)
{
    public bool DidWork => NodesMarkedDead + ItemsReleased + ItemsDead > 0;
}
