namespace Workflow.Engine.Pool;

/// <summary>
/// Integrates the pool's busy workers and live workers over time, and counts completed attempts, for the scaler.
/// Each change adds the time since the previous change times the counts that held meanwhile, so utilization is a
/// time-weighted average rather than a sample of one moment.
/// </summary>
internal sealed class PoolMeter(TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private long _changedAt = timeProvider.GetTimestamp();
    private long _sampledAt = timeProvider.GetTimestamp();
    private int _busy;
    private int _workers;
    private double _busySeconds;
    private double _workerSeconds;
    private long _completions;

    /// <summary>Workers running an attempt now.</summary>
    public int Busy => Volatile.Read(ref _busy);

    /// <summary>Records that a worker started (+1) or retired (-1).</summary>
    public void WorkersChanged(int delta)
    {
        lock (_lock)
        {
            Accumulate();
            _workers += delta;
        }
    }

    public void AttemptStarted()
    {
        lock (_lock)
        {
            Accumulate();
            Volatile.Write(ref _busy, _busy + 1);
        }
    }

    /// <summary>Records the end of an attempt; <paramref name="ranHandler"/> is false for items put back without running.</summary>
    public void AttemptEnded(bool ranHandler)
    {
        lock (_lock)
        {
            Accumulate();
            Volatile.Write(ref _busy, _busy - 1);
            if (ranHandler)
            {
                _completions++;
            }
        }
    }

    /// <summary>Returns the totals since the previous call and starts a new window.</summary>
    public PoolSample TakeSample()
    {
        lock (_lock)
        {
            Accumulate();
            var sample = new PoolSample(
                timeProvider.GetElapsedTime(_sampledAt, _changedAt), _busySeconds, _workerSeconds, _completions);
            _sampledAt = _changedAt;
            _busySeconds = 0;
            _workerSeconds = 0;
            _completions = 0;
            return sample;
        }
    }

    private void Accumulate()
    {
        var now = timeProvider.GetTimestamp();
        var seconds = timeProvider.GetElapsedTime(_changedAt, now).TotalSeconds;
        _busySeconds += _busy * seconds;
        _workerSeconds += _workers * seconds;
        _changedAt = now;
    }
}
