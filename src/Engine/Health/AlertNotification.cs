namespace Workflow.Engine.Health;

/// <summary>A raised or resolved alert on its way to an <see cref="IAlertSink"/>.</summary>
/// <param name="NodeId">The node that raised the alert.</param>
/// <param name="Host">That node's host name.</param>
/// <param name="Status"><see cref="Raised"/> or <see cref="Resolved"/>.</param>
/// <param name="Alert">The alert as it was at that moment.</param>
public sealed record AlertNotification(Guid NodeId, string Host, string Status, PoolAlert Alert)
{
    public const string Raised = "raised";
    public const string Resolved = "resolved";
}
