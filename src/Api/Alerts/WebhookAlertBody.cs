using Workflow.Engine.Health;

namespace Workflow.Api.Alerts;

/// <summary>The JSON body the alert webhook receives.</summary>
/// <param name="Type">Always <see cref="EventType"/>, so a receiver shared with other senders can tell it apart.</param>
/// <param name="Status"><c>raised</c> or <c>resolved</c>.</param>
/// <param name="Node">The node that raised the alert.</param>
/// <param name="Alert">The alert, with <c>resolvedAt</c> set once it resolved.</param>
public sealed record WebhookAlertBody(string Type, string Status, WebhookAlertNode Node, PoolAlert Alert)
{
    public const string EventType = "workflow.alert";
}

/// <summary>The node part of <see cref="WebhookAlertBody"/>.</summary>
public sealed record WebhookAlertNode(Guid Id, string Host);
