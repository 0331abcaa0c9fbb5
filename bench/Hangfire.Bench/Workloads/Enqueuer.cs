namespace Hangfire.Bench.Workloads;

/// <summary>
/// Calls Hangfire's synchronous client API from C dedicated threads, so the thread pool's slow growth does not
/// limit the concurrency.
/// </summary>
internal static class Enqueuer
{
    /// <summary>Runs <paramref name="enqueue"/> for indexes 0 to count-1 on C threads and waits for all of them.</summary>
    public static void Run(int count, int concurrency, Action<int> enqueue)
    {
        var next = -1;
        Exception? failure = null;
        var threads = Enumerable.Range(0, Math.Max(1, concurrency)).Select(_ => new Thread(() =>
        {
            int index;
            while (Volatile.Read(ref failure) is null && (index = Interlocked.Increment(ref next)) < count)
            {
                try
                {
                    enqueue(index);
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref failure, ex, null);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (failure is not null)
        {
            throw new InvalidOperationException($"Enqueuing failed: {failure.Message}", failure);
        }
    }

    /// <summary>Enqueues <paramref name="count"/> no-op jobs from 16 threads.</summary>
    public static void EnqueueNoops(IBackgroundJobClient client, int count)
        => Run(count, 16, _ => client.Enqueue(() => BenchJobs.Noop()));
}
