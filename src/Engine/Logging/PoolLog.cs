using Microsoft.Extensions.Logging;
using Workflow.Engine.Model;

namespace Workflow.Engine.Logging;

/// <summary>Log events of the worker pool, event ids 1000 to 1099.</summary>
internal static partial class PoolLog
{
    [LoggerMessage(1000, LogLevel.Information, "Node {NodeId} started on {Host} (pid {ProcessId}) with {Workers} workers for queues {Queues}")]
    public static partial void NodeStarted(ILogger logger, Guid nodeId, string host, int processId, int workers, string queues);

    [LoggerMessage(1031, LogLevel.Warning,
        "Node {NodeId} has a limit for queue {Queue} in Workflow:QueueLimits but does not serve that queue, so the limit does nothing; serving queues are {Queues}")]
    public static partial void UnservedQueueLimit(ILogger logger, Guid nodeId, string queue, string queues);

    [LoggerMessage(1001, LogLevel.Information, "Node {NodeId} is draining: leasing stopped, {InFlight} attempts in flight")]
    public static partial void Draining(ILogger logger, Guid nodeId, int inFlight);

    [LoggerMessage(1002, LogLevel.Warning, "Node {NodeId} cancelled {Count} attempts still running after the shutdown timeout of {TimeoutMs} ms")]
    public static partial void ShutdownCancelled(ILogger logger, Guid nodeId, int count, double timeoutMs);

    [LoggerMessage(1003, LogLevel.Information, "Node {NodeId} stopped")]
    public static partial void NodeStopped(ILogger logger, Guid nodeId);

    [LoggerMessage(1010, LogLevel.Debug, "Attempt {Attempt} of work item {WorkItemId} ({Kind}) succeeded on node {NodeId} in {ElapsedMs} ms")]
    public static partial void AttemptSucceeded(ILogger logger, long workItemId, string kind, int attempt, Guid nodeId, double elapsedMs);

    [LoggerMessage(1011, LogLevel.Warning, "Attempt {Attempt} of work item {WorkItemId} ({Kind}) failed on node {NodeId} as {Category}: {Error}; retrying at {NextRunAt}")]
    public static partial void AttemptFailedRetrying(ILogger logger, Exception? exception, long workItemId, string kind, int attempt, Guid nodeId, string category, string error, string nextRunAt);

    [LoggerMessage(1018, LogLevel.Warning, "Attempt {Attempt} of work item {WorkItemId} ({Kind}) failed on node {NodeId} as {Category}: {Error}; the item is dead")]
    public static partial void AttemptFailedDead(ILogger logger, Exception? exception, long workItemId, string kind, int attempt, Guid nodeId, string category, string error);

    [LoggerMessage(1012, LogLevel.Warning, "Attempt {Attempt} of work item {WorkItemId} ({Kind}) timed out on node {NodeId} after {ElapsedMs} ms")]
    public static partial void AttemptTimedOut(ILogger logger, long workItemId, string kind, int attempt, Guid nodeId, double elapsedMs);

    [LoggerMessage(1013, LogLevel.Information, "Attempt {Attempt} of work item {WorkItemId} ({Kind}) on node {NodeId} ended as {Outcome}")]
    public static partial void AttemptInterrupted(ILogger logger, long workItemId, string kind, int attempt, Guid nodeId, AttemptOutcome outcome);

    [LoggerMessage(1014, LogLevel.Error, "Work item {WorkItemId} has kind {Kind}, which no handler on node {NodeId} is registered for")]
    public static partial void UnknownKind(ILogger logger, long workItemId, string kind, Guid nodeId);

    [LoggerMessage(1015, LogLevel.Warning, "Attempt {Attempt} of work item {WorkItemId} ({Kind}) was fenced out on node {NodeId}: another holder or an operator changed the item, so this outcome was not stored")]
    public static partial void FencedOut(ILogger logger, long workItemId, string kind, int attempt, Guid nodeId);

    [LoggerMessage(1016, LogLevel.Warning, "Node {NodeId} lost the lease of work item {WorkItemId} ({Kind}) during attempt {Attempt}; cancelling the handler")]
    public static partial void LeaseLost(ILogger logger, Guid nodeId, long workItemId, string kind, int attempt);

    [LoggerMessage(1017, LogLevel.Warning, "Handler of work item {WorkItemId} ({Kind}) attempt {Attempt} on node {NodeId} ignored cancellation for {ElapsedMs} ms; its attempt is recorded without it")]
    public static partial void HandlerIgnoredCancellation(ILogger logger, long workItemId, string kind, int attempt, Guid nodeId, double elapsedMs);

    [LoggerMessage(1018, LogLevel.Warning, "Abandoned handler of work item {WorkItemId} ({Kind}) attempt {Attempt} on node {NodeId} {Ending} after {ElapsedMs} ms; its attempt was already recorded after the {Reason} interrupt, so this late result is fenced out")]
    public static partial void LateResultFencedOut(ILogger logger, Exception? exception, long workItemId, string kind, int attempt, Guid nodeId, string ending, double elapsedMs, Pool.InterruptReason reason);

    [LoggerMessage(1023, LogLevel.Error, "The database rejected the outcome of attempt {Attempt} of work item {WorkItemId} ({Kind}) on node {NodeId}; storing it as dead without its result")]
    public static partial void OutcomeRejected(ILogger logger, Exception exception, long workItemId, string kind, int attempt, Guid nodeId);

    [LoggerMessage(1024, LogLevel.Critical, "The database rejected even the dead outcome of attempt {Attempt} of work item {WorkItemId} ({Kind}) on node {NodeId}; it stays leased until recovery releases it")]
    public static partial void OutcomeDropped(ILogger logger, Exception exception, long workItemId, string kind, int attempt, Guid nodeId);

    [LoggerMessage(1022, LogLevel.Error, "Node {NodeId} failed to send its heartbeat")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception, Guid nodeId);

    [LoggerMessage(1030, LogLevel.Information, "Recovery marked {NodesMarkedDead} nodes dead, released {ItemsReleased} items and made {ItemsDead} items dead")]
    public static partial void Recovered(ILogger logger, int nodesMarkedDead, int itemsReleased, int itemsDead);
}
