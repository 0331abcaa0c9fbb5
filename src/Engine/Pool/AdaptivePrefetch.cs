using Workflow.Engine.Options;

namespace Workflow.Engine.Pool;

/// <summary>
/// Sizes the prefetch to the pool's throughput: as many leased-but-not-started items as the pool completes in
/// <see cref="Window"/>, at least <see cref="WorkflowOptions.Prefetch"/> and at most
/// <see cref="WorkflowOptions.LeaseBatchSize"/>. Slow handlers keep the small configured prefetch, so few items
/// wait in memory; fast handlers get full lease batches, so one round trip leases hundreds of items.
/// </summary>
internal sealed class AdaptivePrefetch(WorkflowOptions options, TimeProvider timeProvider)
{
    /// <summary>How much work, measured in time at the current completion rate, the prefetch holds.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);

    private long _stored;
    private long _sampledStored;
    private long _sampledAt = timeProvider.GetTimestamp();
    private double _completionsPerSecond;
    private int _last = options.Prefetch;

    /// <summary>Counts stored outcomes; called by the outcome writer's thread.</summary>
    public void OnStored(int count) => Interlocked.Add(ref _stored, count);

    /// <summary>Returns the prefetch to use now. Called by the fetcher only, so the sampling state needs no lock.</summary>
    public int Current()
    {
        var elapsed = timeProvider.GetElapsedTime(_sampledAt);
        if (elapsed >= SampleInterval)
        {
            var stored = Interlocked.Read(ref _stored);
            var rate = (stored - _sampledStored) / elapsed.TotalSeconds;
            _completionsPerSecond = (_completionsPerSecond + rate) / 2;
            _sampledStored = stored;
            _sampledAt = timeProvider.GetTimestamp();
        }

        var target = (int)Math.Min(_completionsPerSecond * Window.TotalSeconds, int.MaxValue);
        var max = Math.Max(options.Prefetch, options.LeaseBatchSize);
        var current = Math.Clamp(target, options.Prefetch, max);
        Volatile.Write(ref _last, current);
        return current;
    }

    /// <summary>The prefetch last returned by <see cref="Current"/>, for the pool snapshot.</summary>
    public int Last => Volatile.Read(ref _last);
}
