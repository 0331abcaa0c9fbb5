using System.Collections.Concurrent;
using Workflow.Engine.Model;
using Workflow.Engine.Options;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Health;

/// <summary>
/// Keeps sliding-window error counts per kind and per worker from the attempts this node's workers ran. Attempts
/// that ran no handler to its end (put back by a breaker, handed back at shutdown, abandoned) are not counted.
/// </summary>
internal sealed class AttemptHealthRecorder(WorkflowOptions options, TimeProvider timeProvider)
{
    private readonly long _startedAt = timeProvider.GetTimestamp();
    private readonly ConcurrentDictionary<string, ErrorWindow> _kinds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, ErrorWindow> _workers = new();

    public void Record(int workerId, string kind, AttemptRecord record)
    {
        if (!record.Started || record.Outcome is not (AttemptOutcome.Succeeded or AttemptOutcome.Failed or AttemptOutcome.TimedOut))
        {
            return;
        }

        var now = NowTicks();
        var failed = record.Outcome != AttemptOutcome.Succeeded;
        _kinds.GetOrAdd(kind, _ => new ErrorWindow(options.Health.Window)).Add(now, failed, record.Unhandled);
        _workers.GetOrAdd(workerId, _ => new ErrorWindow(options.Health.Window)).Add(now, failed, record.Unhandled);
    }

    /// <summary>Drops a retired worker's counts; worker ids are not reused.</summary>
    public void RemoveWorker(int workerId) => _workers.TryRemove(workerId, out _);

    public IReadOnlyList<KeyValuePair<string, ErrorCounts>> KindTotals()
    {
        var now = NowTicks();
        return [.. _kinds.Select(k => KeyValuePair.Create(k.Key, k.Value.Totals(now)))];
    }

    public IReadOnlyList<KeyValuePair<int, ErrorCounts>> WorkerTotals()
    {
        var now = NowTicks();
        return [.. _workers.Select(w => KeyValuePair.Create(w.Key, w.Value.Totals(now)))];
    }

    private long NowTicks() => timeProvider.GetElapsedTime(_startedAt).Ticks;
}
