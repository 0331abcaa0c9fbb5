using Workflow.Engine.Options;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Pool;

/// <summary>
/// Counts leased and running items per queue, and turns <see cref="WorkflowOptions.QueueLimits"/> into lease quotas.
/// A limited queue never has more items leased than its limit, prefetched ones included, so every item of it that
/// a worker takes can start at once and at most the limit run at the same time. Its quota covers only its free
/// room, so the rest of the pool's capacity goes to the other queues and none of them starves.
/// </summary>
internal sealed class QueueSlots
{
    private readonly Dictionary<string, Counter> _queues;
    private readonly Counter[] _limited;

    public QueueSlots(WorkflowOptions options)
    {
        _queues = options.Queues.Distinct(StringComparer.Ordinal).ToDictionary(
            q => q,
            q => new Counter(q, options.QueueLimits.TryGetValue(q, out var limit) ? limit : null),
            StringComparer.Ordinal);
        _limited = [.. _queues.Values.Where(c => c.Limit is not null)];
    }

    /// <summary>True when at least one queue this node leases has a limit.</summary>
    public bool HasLimits => _limited.Length > 0;

    public void OnLeased(string queue) => Find(queue)?.AddLeased(1);

    public void OnReleased(string queue) => Find(queue)?.AddLeased(-1);

    public void OnStarted(string queue) => Find(queue)?.AddBusy(1);

    public void OnEnded(string queue) => Find(queue)?.AddBusy(-1);

    /// <summary>
    /// Returns the quotas for a lease of up to <paramref name="free"/> items: each unlimited queue may take all of
    /// them, each limited queue only its free room, and queues at their limit are left out. The list is empty when
    /// every queue is at its limit. <paramref name="restricted"/> is true when some limit cut a quota, so a lease
    /// that found nothing may still leave due work behind that becomes leasable when an item of that queue ends.
    /// </summary>
    public IReadOnlyList<QueueQuota> LeaseQuotas(int free, out bool restricted)
    {
        restricted = false;
        var quotas = new List<QueueQuota>(_queues.Count);
        foreach (var counter in _queues.Values)
        {
            var room = counter.Room;
            if (room < free)
            {
                restricted = true;
            }

            var quota = Math.Min(free, room);
            if (quota > 0)
            {
                quotas.Add(new QueueQuota(counter.Queue, quota));
            }
        }

        return quotas;
    }

    /// <summary>Returns the quotas of a backlog count: <paramref name="cap"/> per queue, and a limited queue's free room at most.</summary>
    public IReadOnlyList<QueueQuota> BacklogQuotas(int cap)
        => [.. _queues.Values.Select(c => new QueueQuota(c.Queue, Math.Min(cap, c.Room))).Where(q => q.Limit > 0)];

    public IReadOnlyList<QueueUsage> Snapshot()
        => [.. _queues.Values.Select(c => new QueueUsage(c.Queue, c.Limit, c.Leased, c.Busy))];

    private Counter? Find(string queue) => _queues.GetValueOrDefault(queue);

    private sealed class Counter(string queue, int? limit)
    {
        private int _leased;
        private int _busy;

        public string Queue { get; } = queue;

        public int? Limit { get; } = limit;

        public int Leased => Volatile.Read(ref _leased);

        public int Busy => Volatile.Read(ref _busy);

        /// <summary>Items of the queue that may still be leased; <see cref="int.MaxValue"/> without a limit.</summary>
        public int Room => Limit is { } max ? Math.Max(0, max - Leased) : int.MaxValue;

        public void AddLeased(int delta) => Interlocked.Add(ref _leased, delta);

        public void AddBusy(int delta) => Interlocked.Add(ref _busy, delta);
    }
}
