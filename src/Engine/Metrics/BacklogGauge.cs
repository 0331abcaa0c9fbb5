namespace Workflow.Engine.Metrics;

/// <summary>
/// The latest measured backlog of this node's queues: pending items that are due and wait for a worker. The
/// <c>workflow.queue.backlog</c> gauge reports it. The pool's scaling decision measures it, so the gauge has no value
/// until the first decision has run, and none on a host that runs no workers.
/// </summary>
public sealed class BacklogGauge
{
    private long _value = -1;

    /// <summary>The last value set, or null while none has been set.</summary>
    public long? Value
    {
        get
        {
            var value = Interlocked.Read(ref _value);
            return value < 0 ? null : value;
        }
    }

    /// <summary>Stores a new measurement; a negative <paramref name="backlog"/> is rejected.</summary>
    public void Set(long backlog)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(backlog);
        Interlocked.Exchange(ref _value, backlog);
    }
}
