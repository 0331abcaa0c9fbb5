using Microsoft.Extensions.Logging;

namespace Workflow.Engine.Logging;

/// <summary>Log events of the node's health check and alerts, event ids 1140 to 1159.</summary>
internal static partial class HealthLog
{
    [LoggerMessage(1140, LogLevel.Warning, "Node {NodeId} raised alert {AlertId} ({AlertType} for {Subject}): {Message}")]
    public static partial void AlertRaised(ILogger logger, Guid nodeId, Guid alertId, string alertType, string subject, string message);

    [LoggerMessage(1141, LogLevel.Information, "Node {NodeId} resolved alert {AlertId} ({AlertType} for {Subject}) after {ElapsedMs} ms")]
    public static partial void AlertResolved(ILogger logger, Guid nodeId, Guid alertId, string alertType, string subject, double elapsedMs);

    [LoggerMessage(1142, LogLevel.Warning, "Node {NodeId} failed to submit the webhook item of alert {AlertId}; it tries again at the next health check")]
    public static partial void AlertDeliveryFailed(ILogger logger, Exception exception, Guid nodeId, Guid alertId);

    [LoggerMessage(1143, LogLevel.Warning, "Node {NodeId} dropped the webhook item of alert {AlertId} because {Count} alert notifications were waiting to be submitted")]
    public static partial void AlertDeliveryDropped(ILogger logger, Guid nodeId, Guid alertId, int count);
}
