using Microsoft.Extensions.Logging;
using Workflow.Engine.Logging;
using Workflow.Engine.Metrics;
using Workflow.Engine.Options;
using Workflow.Engine.Pool;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Scaling;

/// <summary>
/// Makes the pool's periodic scaling decision: measures the backlog and the pool's utilization since the previous
/// decision, gets the size from <see cref="ScalingPolicy"/>, resizes the pool and keeps the last scale events for the
/// node snapshot. A host calls <see cref="EvaluateAsync"/> every <see cref="ScalingOptions.Interval"/>, one call at a
/// time, because the low-utilization streak and the time of the last scale event are kept without a lock.
/// </summary>
internal sealed class PoolScaler(
    WorkerPool pool,
    IWorkStore store,
    WorkflowOptions options,
    NodeIdentity node,
    TimeProvider timeProvider,
    BacklogGauge backlogGauge,
    WorkflowMetrics metrics,
    ILogger<PoolScaler> logger)
{
    /// <summary>Scale events kept in the node snapshot, the newest ones.</summary>
    public const int MaxEventsInSnapshot = 20;

    private readonly Lock _lock = new();
    private readonly Queue<ScaleEvent> _events = new();
    private long? _backlog;
    private DateTimeOffset? _measuredAt;
    private double? _utilization;
    private long _scaleUps;
    private long _scaleDowns;
    private long? _lastEventAt;
    private long? _lowSince;

    /// <summary>
    /// Measures and decides once, resizes the pool when the decision changes its size, and returns the decision.
    /// Throws when the backlog cannot be counted, and then the window measured so far becomes part of the next one.
    /// </summary>
    public async Task<ScalingDecision> EvaluateAsync(CancellationToken cancellationToken)
    {
        var quotas = pool.BacklogQuotas(options.Scaling.BacklogCountLimit);
        var stored = quotas.Count == 0 ? 0 : await store.CountDueAsync(quotas, pool.Kinds, cancellationToken).ConfigureAwait(false);
        var backlog = stored + pool.Queued;
        backlogGauge.Set(backlog);

        var sample = pool.TakeSample();
        var now = timeProvider.GetTimestamp();
        var input = new ScalingInput(
            pool.WorkerCount,
            options.MinWorkers,
            options.MaxWorkers,
            backlog,
            sample.Elapsed,
            sample.BusySeconds,
            sample.WorkerSeconds,
            sample.Completions,
            pool.LongestRunning(),
            LowUtilizationFor(sample, now),
            _lastEventAt is { } last ? timeProvider.GetElapsedTime(last, now) : null);

        var decision = ScalingPolicy.Decide(input, options.Scaling);
        if (decision.Changed)
        {
            pool.Resize(decision.To);
            metrics.PoolScaled(decision.From, decision.To);
            _lastEventAt = now;
            _lowSince = null;
            ScalingLog.Scaled(logger, node.NodeId, decision.From, decision.To, decision.Reason, backlog, decision.Utilization,
                decision.NeededForBacklog);
        }

        Record(decision, backlog);
        return decision;
    }

    public ScalingSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new ScalingSnapshot(options.Scaling.Enabled, _backlog, _measuredAt, _utilization, _scaleUps, _scaleDowns, [.. _events]);
        }
    }

    /// <summary>
    /// Returns how long utilization has stayed below the scale-down threshold, counting from the start of the first
    /// low window in a row, or zero when this window's utilization is not low.
    /// </summary>
    private TimeSpan LowUtilizationFor(PoolSample sample, long now)
    {
        var utilization = sample.WorkerSeconds > 0 ? sample.BusySeconds / sample.WorkerSeconds : 0;
        if (utilization >= options.Scaling.ScaleDownUtilization)
        {
            _lowSince = null;
            return TimeSpan.Zero;
        }

        _lowSince ??= now - (long)(sample.Elapsed.TotalSeconds * timeProvider.TimestampFrequency);
        return timeProvider.GetElapsedTime(_lowSince.Value, now);
    }

    private void Record(ScalingDecision decision, long backlog)
    {
        lock (_lock)
        {
            _backlog = backlog;
            _measuredAt = timeProvider.GetUtcNow();
            _utilization = Math.Round(decision.Utilization, 3);
            if (!decision.Changed)
            {
                return;
            }

            if (decision.To > decision.From)
            {
                _scaleUps++;
            }
            else
            {
                _scaleDowns++;
            }

            _events.Enqueue(new ScaleEvent(_measuredAt.Value, decision.From, decision.To, decision.Reason, backlog, _utilization.Value));
            while (_events.Count > MaxEventsInSnapshot)
            {
                _events.Dequeue();
            }
        }
    }
}
