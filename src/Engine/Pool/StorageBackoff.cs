using Microsoft.Extensions.Logging;
using Workflow.Engine.Logging;

namespace Workflow.Engine.Pool;

/// <summary>
/// Retry delays and outage logging for one background loop that calls storage. While calls fail, the delay doubles
/// from <c>minDelay</c> up to <c>maxDelay</c>, and each delay is shortened by a random share of up to half, so nodes
/// that lost the database at the same moment do not retry in step. An outage logs one error when it starts and one
/// information line when a call succeeds again. While it lasts, a warning repeats once a minute and the failures in
/// between go to debug level. Not thread-safe, so each loop owns its instance.
/// </summary>
internal sealed class StorageBackoff(
    string operation,
    TimeSpan minDelay,
    TimeSpan maxDelay,
    NodeIdentity node,
    TimeProvider timeProvider,
    ILogger logger)
{
    /// <summary>How often the warning repeats while an outage lasts.</summary>
    public static readonly TimeSpan ReminderInterval = TimeSpan.FromMinutes(1);

    private const double MaxJitterShare = 0.5;

    private int _failures;
    private long _outageStartedAt;
    private long _loggedAt;

    /// <summary>Failed calls since the last successful one.</summary>
    public int Failures => _failures;

    /// <summary>Records a failed call, logs it, and returns how long to wait before the next call.</summary>
    public TimeSpan Failed(Exception exception)
    {
        _failures++;
        var delay = NextDelay();
        var now = timeProvider.GetTimestamp();
        if (_failures == 1)
        {
            _outageStartedAt = now;
            _loggedAt = now;
            StorageLog.CallFailed(logger, exception, node.NodeId, operation, delay.TotalMilliseconds);
        }
        else if (timeProvider.GetElapsedTime(_loggedAt, now) >= ReminderInterval)
        {
            _loggedAt = now;
            var elapsed = timeProvider.GetElapsedTime(_outageStartedAt, now);
            StorageLog.StillFailing(logger, exception, node.NodeId, operation, _failures, elapsed.TotalMilliseconds, delay.TotalMilliseconds);
        }
        else
        {
            StorageLog.CallFailedAgain(logger, exception, node.NodeId, operation, _failures, delay.TotalMilliseconds);
        }

        return delay;
    }

    /// <summary>Records a successful call, and logs the end of the outage when calls had failed before it.</summary>
    public void Succeeded()
    {
        if (_failures == 0)
        {
            return;
        }

        var elapsed = timeProvider.GetElapsedTime(_outageStartedAt);
        StorageLog.CallRecovered(logger, node.NodeId, operation, _failures, elapsed.TotalMilliseconds);
        _failures = 0;
    }

    private TimeSpan NextDelay()
    {
        // Capping the exponent keeps the power finite for any number of failures.
        var exponent = Math.Min(_failures - 1, 30);
        var uncapped = minDelay.Ticks * Math.Pow(2, exponent);
        var capped = Math.Min(uncapped, Math.Max(minDelay.Ticks, maxDelay.Ticks));
        var jittered = capped * (1 - (MaxJitterShare * Random.Shared.NextDouble()));
        return TimeSpan.FromTicks((long)jittered);
    }
}
