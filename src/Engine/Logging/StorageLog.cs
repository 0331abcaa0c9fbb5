using Microsoft.Extensions.Logging;

namespace Workflow.Engine.Logging;

/// <summary>Log events of storage outages as the node's background loops see them, event ids 1200 to 1219.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(1200, LogLevel.Error, "Node {NodeId} failed to {Operation}; retrying in {DelayMs} ms with backoff. Further failures are logged at debug level, with a warning once a minute, until a call succeeds")]
    public static partial void CallFailed(ILogger logger, Exception exception, Guid nodeId, string operation, double delayMs);

    [LoggerMessage(1201, LogLevel.Debug, "Node {NodeId} failed to {Operation} again ({Failures} failures in a row); retrying in {DelayMs} ms")]
    public static partial void CallFailedAgain(ILogger logger, Exception exception, Guid nodeId, string operation, int failures, double delayMs);

    [LoggerMessage(1202, LogLevel.Warning, "Node {NodeId} still fails to {Operation}: {Failures} failures in {ElapsedMs} ms; retrying in {DelayMs} ms")]
    public static partial void StillFailing(ILogger logger, Exception exception, Guid nodeId, string operation, int failures, double elapsedMs, double delayMs);

    [LoggerMessage(1203, LogLevel.Information, "Node {NodeId} managed to {Operation} again after {Failures} failures in {ElapsedMs} ms")]
    public static partial void CallRecovered(ILogger logger, Guid nodeId, string operation, int failures, double elapsedMs);

    [LoggerMessage(1210, LogLevel.Warning, "Node {NodeId} stopped leasing: its last successful heartbeat started {ElapsedMs} ms ago, and after {MaxAgeMs} ms other nodes may take its leases")]
    public static partial void LeasingPaused(ILogger logger, Guid nodeId, double elapsedMs, double maxAgeMs);

    [LoggerMessage(1211, LogLevel.Information, "Node {NodeId} leases again after a pause of {ElapsedMs} ms, because its heartbeat succeeded")]
    public static partial void LeasingResumed(ILogger logger, Guid nodeId, double elapsedMs);
}
