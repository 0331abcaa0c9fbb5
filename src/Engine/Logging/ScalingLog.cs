using Microsoft.Extensions.Logging;
using Workflow.Engine.Scaling;

namespace Workflow.Engine.Logging;

/// <summary>Log events of the adaptive pool's scaling, event ids 1120 to 1139.</summary>
internal static partial class ScalingLog
{
    [LoggerMessage(1120, LogLevel.Information, "Node {NodeId} scaled its pool from {From} to {To} workers ({Reason}): backlog {Backlog}, utilization {Utilization:0.00}, {Needed} workers needed for the backlog")]
    public static partial void Scaled(ILogger logger, Guid nodeId, int from, int to, ScaleReason reason, long backlog, double utilization, int needed);

    [LoggerMessage(1121, LogLevel.Warning, "Node {NodeId} failed to {Operation}; it tries again at the next interval")]
    public static partial void PeriodicStepFailed(ILogger logger, Exception exception, Guid nodeId, string operation);

    [LoggerMessage(1122, LogLevel.Debug, "Node {NodeId} failed to {Operation} again")]
    public static partial void PeriodicStepFailedAgain(ILogger logger, Exception exception, Guid nodeId, string operation);
}
