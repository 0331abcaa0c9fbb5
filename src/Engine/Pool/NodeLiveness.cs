using Microsoft.Extensions.Logging;
using Workflow.Engine.Logging;
using Workflow.Engine.Options;

namespace Workflow.Engine.Pool;

/// <summary>
/// This node's view of its own heartbeat, which other nodes read to decide whether it is alive. Two rules hold
/// a node back while others may consider it dead, for example after a database outage or after the process was
/// paused (SIGSTOP, a debugger, a long GC or a suspended VM):
/// <list type="bullet">
/// <item>The fetcher leases only while the last successful heartbeat started less than <see cref="MaxHeartbeatAge"/>
/// ago, the smaller of <see cref="WorkflowOptions.LeaseDuration"/> and <see cref="WorkflowOptions.NodeStaleAfter"/>.
/// Past that age another node may already have marked this node dead or let its leases expire, and recovery would
/// release whatever it leased next.</item>
/// <item>The recovery sweep runs only once heartbeats have succeeded without a failure or gap for
/// <see cref="WorkflowOptions.NodeStaleAfter"/>. After an outage every node's heartbeat is stale, so this gives the
/// other live nodes the same time to heartbeat again before this node marks them dead.</item>
/// </list>
/// Ages come from <see cref="TimeProvider.GetTimestamp"/>, a monotonic clock that keeps running while the process
/// is stopped, so after SIGCONT the heartbeat age includes the time the process was stopped.
/// </summary>
internal sealed class NodeLiveness
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly NodeIdentity _node;
    private readonly ILogger<NodeLiveness> _logger;
    private readonly TimeSpan _recoveryDelay;
    private long _lastSuccessAt;
    private long _unbrokenSince;
    private bool _failedSinceSuccess;
    private TaskCompletionSource _nextSuccess = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Starts as if a heartbeat had just succeeded. The node is built before it registers its row, and
    /// registration sets the first heartbeat, so this never makes the heartbeat look younger than it is.
    /// </summary>
    public NodeLiveness(WorkflowOptions options, NodeIdentity node, TimeProvider timeProvider, ILogger<NodeLiveness> logger)
    {
        _timeProvider = timeProvider;
        _node = node;
        _logger = logger;
        _recoveryDelay = options.NodeStaleAfter;
        MaxHeartbeatAge = options.LeaseDuration < options.NodeStaleAfter ? options.LeaseDuration : options.NodeStaleAfter;
        _lastSuccessAt = timeProvider.GetTimestamp();
        _unbrokenSince = _lastSuccessAt;
    }

    /// <summary>Age of the last successful heartbeat beyond which the fetcher stops leasing.</summary>
    public TimeSpan MaxHeartbeatAge { get; }

    /// <summary>Time since the last successful heartbeat started.</summary>
    public TimeSpan HeartbeatAge
    {
        get
        {
            lock (_lock)
            {
                return _timeProvider.GetElapsedTime(_lastSuccessAt);
            }
        }
    }

    public bool CanLease => HeartbeatAge < MaxHeartbeatAge;

    public bool CanRecover
    {
        get
        {
            lock (_lock)
            {
                return !_failedSinceSuccess
                    && _timeProvider.GetElapsedTime(_lastSuccessAt) < MaxHeartbeatAge
                    && _timeProvider.GetElapsedTime(_unbrokenSince) >= _recoveryDelay;
            }
        }
    }

    /// <summary>
    /// Records a heartbeat that succeeded. <paramref name="startedAt"/> is the <see cref="TimeProvider.GetTimestamp"/>
    /// taken before the call, because the database stored the heartbeat at some point after it.
    /// </summary>
    public void HeartbeatSucceeded(long startedAt)
    {
        TaskCompletionSource waiters;
        lock (_lock)
        {
            var gap = _timeProvider.GetElapsedTime(_lastSuccessAt, startedAt);
            if (_failedSinceSuccess || gap >= MaxHeartbeatAge)
            {
                _unbrokenSince = startedAt;
            }

            _failedSinceSuccess = false;
            _lastSuccessAt = Math.Max(_lastSuccessAt, startedAt);
            waiters = _nextSuccess;
            _nextSuccess = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        waiters.TrySetResult();
    }

    public void HeartbeatFailed()
    {
        lock (_lock)
        {
            _failedSinceSuccess = true;
        }
    }

    /// <summary>
    /// Returns at once while <see cref="CanLease"/> is true; otherwise waits for heartbeats until it is. Logs once
    /// when leasing pauses and once when it resumes. Returns false when <paramref name="cancellationToken"/> fired.
    /// </summary>
    public async Task<bool> WaitUntilCanLeaseAsync(CancellationToken cancellationToken)
    {
        if (CanLease)
        {
            return true;
        }

        StorageLog.LeasingPaused(_logger, _node.NodeId, HeartbeatAge.TotalMilliseconds, MaxHeartbeatAge.TotalMilliseconds);
        var pausedAt = _timeProvider.GetTimestamp();
        while (true)
        {
            // Taken before the check, so a heartbeat that succeeds in between completes this task.
            Task nextSuccess;
            lock (_lock)
            {
                nextSuccess = _nextSuccess.Task;
            }

            if (CanLease)
            {
                break;
            }

            try
            {
                await nextSuccess.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        StorageLog.LeasingResumed(_logger, _node.NodeId, _timeProvider.GetElapsedTime(pausedAt).TotalMilliseconds);
        return true;
    }
}
