using Microsoft.Extensions.Logging;

namespace Workflow.Engine.Logging;

/// <summary>Log events of the circuit breakers, event ids 1100 to 1119.</summary>
internal static partial class CircuitLog
{
    [LoggerMessage(1100, LogLevel.Warning, "Circuit {CircuitKey} of kind {Kind} on node {NodeId} opened for {BreakMs} ms after {Failures} failed attempts")]
    public static partial void Opened(ILogger logger, string circuitKey, string kind, Guid nodeId, double breakMs, long failures);

    [LoggerMessage(1101, LogLevel.Information, "Circuit {CircuitKey} of kind {Kind} on node {NodeId} is half-open: one trial attempt runs")]
    public static partial void HalfOpened(ILogger logger, string circuitKey, string kind, Guid nodeId);

    [LoggerMessage(1102, LogLevel.Information, "Circuit {CircuitKey} of kind {Kind} on node {NodeId} closed")]
    public static partial void Closed(ILogger logger, string circuitKey, string kind, Guid nodeId);

    [LoggerMessage(1103, LogLevel.Debug, "Work item {WorkItemId} ({Kind}) was put back until {RunAt} without running: circuit {CircuitKey} on node {NodeId} is {State}")]
    public static partial void Deferred(ILogger logger, long workItemId, string kind, DateTimeOffset runAt, string circuitKey, Guid nodeId, string state);

    [LoggerMessage(1104, LogLevel.Warning, "Node {NodeId} holds {Count} circuits, its limit; items of kind {Kind} with a new circuit key share the kind's circuit until idle circuits are removed")]
    public static partial void LimitReached(ILogger logger, Guid nodeId, int count, string kind);
}
