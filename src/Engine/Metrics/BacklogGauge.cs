namespace Workflow.Engine.Metrics;

/// <summary>
/// The latest measured backlog of this node's queues: pending items that are due and wait for a worker. The
/// <c>workflow.queue.backlog</c> gauge reports it. Nothing in the engine measures the backlog yet, so the value
/// stays null and the gauge reports no value until a component that measures it calls <see cref="Set"/>.
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
