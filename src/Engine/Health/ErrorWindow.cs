namespace Workflow.Engine.Health;

/// <summary>
/// Sliding-window counts of attempts, failures and unhandled exceptions, kept in <see cref="BucketCount"/> buckets
/// of a twelfth of the window each. A sum covers between eleven and twelve twelfths of the window, and memory stays
/// fixed however many attempts run. Times are ticks of a monotonic clock.
/// </summary>
internal sealed class ErrorWindow(TimeSpan window)
{
    public const int BucketCount = 12;

    private readonly Lock _lock = new();
    private readonly long _bucketTicks = Math.Max(1, window.Ticks / BucketCount);
    private readonly Bucket[] _buckets = new Bucket[BucketCount];

    public void Add(long nowTicks, bool failed, bool unhandled)
    {
        var index = nowTicks / _bucketTicks;
        lock (_lock)
        {
            ref var bucket = ref _buckets[index % BucketCount];
            if (bucket.Index != index)
            {
                bucket = new Bucket { Index = index };
            }

            bucket.Attempts++;
            bucket.Failures += failed ? 1 : 0;
            bucket.Unhandled += unhandled ? 1 : 0;
        }
    }

    /// <summary>Returns the counts of the buckets still inside the window at <paramref name="nowTicks"/>.</summary>
    public ErrorCounts Totals(long nowTicks)
    {
        var current = nowTicks / _bucketTicks;
        long attempts = 0, failures = 0, unhandled = 0;
        lock (_lock)
        {
            foreach (var bucket in _buckets)
            {
                if (bucket.Index > current - BucketCount && bucket.Index <= current)
                {
                    attempts += bucket.Attempts;
                    failures += bucket.Failures;
                    unhandled += bucket.Unhandled;
                }
            }
        }

        return new ErrorCounts(attempts, failures, unhandled);
    }

    private struct Bucket
    {
        public long Index;
        public long Attempts;
        public long Failures;
        public long Unhandled;
    }
}
