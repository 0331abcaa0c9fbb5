using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Handlers;
using Workflow.Engine.Health;
using Workflow.Engine.Options;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Pool;

/// <summary>
/// A pool of <see cref="WorkflowOptions.MinWorkers"/> to <see cref="WorkflowOptions.MaxWorkers"/> workers fed by
/// one fetcher. The fetcher leases only as many items as the current workers plus an <see cref="AdaptivePrefetch"/>
/// can start, and no more of a limited queue than its free room (<see cref="QueueSlots"/>). Capacity returns when
/// an item's outcome has been stored, so the items leased on this node never exceed <c>MaxWorkers + LeaseBatchSize</c>.
/// <see cref="Resize"/> starts workers at once; workers above the new size retire when they are between attempts.
/// </summary>
internal sealed class WorkerPool
{
    private static readonly TimeSpan MinLeaseRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxLeaseRetryDelay = TimeSpan.FromSeconds(5);

    private readonly IWorkStore _store;
    private readonly WorkflowOptions _options;
    private readonly NodeIdentity _node;
    private readonly TimeProvider _timeProvider;
    private readonly AttemptRunner _runner;
    private readonly OutcomeWriter _writer;
    private readonly WorkSignal _signal;
    private readonly NodeLiveness _liveness;
    private readonly AttemptHealthRecorder _health;
    private readonly StorageBackoff _leaseBackoff;
    private readonly string[] _kinds;
    private readonly AdaptivePrefetch _prefetch;
    private readonly QueueSlots _queues;
    private readonly PoolMeter _meter;
    private readonly WorkSignal _capacityFreed = new();
    private readonly WorkSignal _resized = new();
    private int _leased;
    private readonly Channel<InFlightAttempt> _ready = Channel.CreateUnbounded<InFlightAttempt>();
    // Keyed by lease token, not item id: an item cancelled and retried can be leased again while its old
    // attempt still runs, and both must stay visible to the heartbeat and to shutdown.
    private readonly ConcurrentDictionary<Guid, InFlightAttempt> _inFlight = new();
    private readonly Lock _workersLock = new();
    private readonly List<Task> _workerTasks = [];
    private int _targetWorkers;
    private int _liveWorkers;
    private int _lastWorkerId;
    private bool _started;
    private volatile bool _draining;

    public WorkerPool(
        IWorkStore store,
        HandlerRegistry registry,
        WorkflowOptions options,
        NodeIdentity node,
        TimeProvider timeProvider,
        AttemptRunner runner,
        OutcomeWriter writer,
        WorkSignal signal,
        NodeLiveness liveness,
        AttemptHealthRecorder health,
        ILogger<WorkerPool> logger)
    {
        _store = store;
        _options = options;
        _node = node;
        _timeProvider = timeProvider;
        _runner = runner;
        _writer = writer;
        _signal = signal;
        _liveness = liveness;
        _health = health;
        _leaseBackoff = new StorageBackoff("lease work", MinLeaseRetryDelay, MaxLeaseRetryDelay, node, timeProvider, logger);
        _kinds = [.. registry.Kinds];
        _prefetch = new AdaptivePrefetch(options, timeProvider);
        _queues = new QueueSlots(options);
        _meter = new PoolMeter(timeProvider);
        _writer.Stored = OnStored;
    }

    /// <summary>The pool's current size; workers above it retire as soon as they are between attempts.</summary>
    public int WorkerCount => Volatile.Read(ref _targetWorkers);

    /// <summary>The kinds this node has handlers for, which are the only kinds it leases.</summary>
    public IReadOnlyList<string> Kinds => _kinds;

    /// <summary>Items leased but not yet taken by a worker.</summary>
    public int Queued => _ready.Reader.Count;

    /// <summary>Every item this node holds a lease on: queued for a worker, running, or waiting to be stored.</summary>
    public IReadOnlyList<InFlightAttempt> InFlight => [.. _inFlight.Values];

    public bool TryGetInFlight(Guid leaseToken, [MaybeNullWhen(false)] out InFlightAttempt attempt)
        => _inFlight.TryGetValue(leaseToken, out attempt);

    public PoolSnapshot Snapshot() => new(
        WorkerCount, _options.MinWorkers, _options.MaxWorkers, _meter.Busy, _inFlight.Count, _prefetch.Last, _options.Queues, _kinds)
    {
        QueueUsage = _queues.Snapshot(),
    };

    /// <summary>Returns busy and available worker-seconds and completed attempts since the previous call.</summary>
    public PoolSample TakeSample() => _meter.TakeSample();

    /// <summary>Returns the quotas of a backlog count that leaves out what queue limits would not let this node lease now.</summary>
    public IReadOnlyList<QueueQuota> BacklogQuotas(int cap) => _queues.BacklogQuotas(cap);

    /// <summary>Returns the age of the oldest attempt whose handler still runs, or zero.</summary>
    public TimeSpan LongestRunning()
    {
        var now = _timeProvider.GetUtcNow();
        var longest = TimeSpan.Zero;
        foreach (var attempt in _inFlight.Values)
        {
            if (attempt.Started && !attempt.Finished && now - attempt.StartedAt > longest)
            {
                longest = now - attempt.StartedAt;
            }
        }

        return longest;
    }

    /// <summary>Counts the attempts running past their timeout, whose handlers have not returned yet.</summary>
    public int CountPastTimeout()
    {
        var now = _timeProvider.GetUtcNow();
        return _inFlight.Values.Count(a => a.IsPastTimeout(now));
    }

    /// <summary>
    /// Starts the first workers: <see cref="WorkflowOptions.MinWorkers"/>, or <see cref="WorkflowOptions.MaxWorkers"/>
    /// while scaling is off.
    /// </summary>
    public void Start()
    {
        lock (_workersLock)
        {
            _started = true;
        }

        Resize(_options.Scaling.Enabled ? _options.MinWorkers : _options.MaxWorkers);
    }

    /// <summary>
    /// Sets the pool's size, clamped to its bounds, and returns the previous size. New workers start at once and
    /// the fetcher leases for them; workers above the new size retire when they are between attempts, never
    /// during one. Once the pool drains for shutdown, no workers start.
    /// </summary>
    public int Resize(int workers)
    {
        workers = Math.Clamp(workers, _options.MinWorkers, _options.MaxWorkers);
        int previous;
        lock (_workersLock)
        {
            previous = _targetWorkers;
            Volatile.Write(ref _targetWorkers, workers);
            _workerTasks.RemoveAll(t => t.IsCompleted);
            while (_started && !_draining && _liveWorkers < workers)
            {
                _liveWorkers++;
                var workerId = ++_lastWorkerId;
                _meter.WorkersChanged(1);
                _workerTasks.Add(Task.Run(() => RunWorkerAsync(workerId), CancellationToken.None));
            }
        }

        _resized.Notify();
        _capacityFreed.Notify();
        return previous;
    }

    /// <summary>Returns a task that completes when every worker has ended, after <see cref="CompleteWorkers"/>.</summary>
    public Task WhenWorkersEnded()
    {
        lock (_workersLock)
        {
            return Task.WhenAll(_workerTasks);
        }
    }

    /// <summary>
    /// Leases work while capacity is free and <see cref="NodeLiveness.CanLease"/> holds, until
    /// <paramref name="cancellationToken"/> fires. Failed leases are retried with backoff.
    /// </summary>
    public async Task RunFetcherAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            // Take the signal before reading the counts, so capacity freed in between still wakes the wait.
            var freed = _capacityFreed.Next;
            var free = WorkerCount + _prefetch.Current() - Volatile.Read(ref _leased);
            var limit = Math.Min(free, _options.LeaseBatchSize);
            var restricted = false;
            var quotas = _queues.HasLimits ? _queues.LeaseQuotas(limit, out restricted) : null;
            if (free <= 0 || quotas is { Count: 0 })
            {
                try
                {
                    await freed.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            if (!await _liveness.WaitUntilCanLeaseAsync(cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            var wake = _signal.Next;
            IReadOnlyList<LeasedItem> items;
            try
            {
                // Not cancelled by shutdown: a lease cancelled mid-flight may still commit on the server, and its
                // items would then sit leased by nobody until their lease expired and cost them an attempt.
                items = quotas is null
                    ? await _store.LeaseAsync(_node.NodeId, _options.Queues, _kinds, limit, _options.LeaseDuration, CancellationToken.None)
                        .ConfigureAwait(false)
                    : await _store.LeaseByQueueAsync(_node.NodeId, quotas, _kinds, limit, _options.LeaseDuration, CancellationToken.None)
                        .ConfigureAwait(false);
                _leaseBackoff.Succeeded();
            }
            catch (Exception ex)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                await DelayAsync(_leaseBackoff.Failed(ex), cancellationToken).ConfigureAwait(false);
                continue;
            }

            Interlocked.Add(ref _leased, items.Count);
            foreach (var item in items)
            {
                var attempt = new InFlightAttempt(item);
                _inFlight[item.LeaseToken] = attempt;
                _queues.OnLeased(item.Queue);
                _ready.Writer.TryWrite(attempt);
            }

            if (items.Count == 0)
            {
                // A queue limit may have held back due items; they become leasable when an item of that queue ends.
                await WaitForSignalAsync(restricted ? Task.WhenAny(wake, freed) : wake, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Runs one worker: takes leased items and runs them one at a time until the pool is completed, or until the
    /// pool is smaller than its workers while this one is between attempts.
    /// </summary>
    private async Task RunWorkerAsync(int workerId)
    {
        var reader = _ready.Reader;
        while (!TryRetire(workerId))
        {
            if (reader.TryRead(out var attempt))
            {
                await RunOneAsync(attempt, workerId).ConfigureAwait(false);
                continue;
            }

            // Take the signal before checking the size again, so a resize in between still wakes the wait.
            var resized = _resized.Next;
            if (Volatile.Read(ref _liveWorkers) > WorkerCount)
            {
                continue;
            }

            var ready = reader.WaitToReadAsync().AsTask();
            if (await Task.WhenAny(ready, resized).ConfigureAwait(false) == ready && !await ready.ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task RunOneAsync(InFlightAttempt attempt, int workerId)
    {
        if (_draining)
        {
            _writer.Enqueue(attempt, _runner.Unstarted(attempt));
            return;
        }

        var queue = attempt.Item.Queue;
        var ranHandler = false;
        _meter.AttemptStarted();
        _queues.OnStarted(queue);
        try
        {
            var record = await _runner.RunAsync(attempt).ConfigureAwait(false);
            attempt.MarkFinished();
            ranHandler = record.Started;
            _health.Record(workerId, attempt.Item.Kind, record);
            _writer.Enqueue(attempt, record);
        }
        finally
        {
            _queues.OnEnded(queue);
            _meter.AttemptEnded(ranHandler);
        }
    }

    private bool TryRetire(int workerId)
    {
        if (Volatile.Read(ref _liveWorkers) <= WorkerCount)
        {
            return false;
        }

        lock (_workersLock)
        {
            if (_liveWorkers <= _targetWorkers)
            {
                return false;
            }

            _liveWorkers--;
            _meter.WorkersChanged(-1);
        }

        _health.RemoveWorker(workerId);
        return true;
    }

    /// <summary>From now on, items that were leased but not started are handed back instead of run.</summary>
    public void BeginDrain() => _draining = true;

    /// <summary>Lets the workers finish once the queued items are handed back.</summary>
    public void CompleteWorkers() => _ready.Writer.TryComplete();

    /// <summary>Cancels every running attempt with the given reason.</summary>
    public int InterruptAll(InterruptReason reason)
    {
        var count = 0;
        foreach (var attempt in _inFlight.Values)
        {
            if (attempt.Started)
            {
                attempt.Interrupt(reason);
                count++;
            }
        }

        return count;
    }

    private void OnStored(IReadOnlyList<InFlightAttempt> attempts)
    {
        foreach (var attempt in attempts)
        {
            _inFlight.TryRemove(attempt.Item.LeaseToken, out _);
            _queues.OnReleased(attempt.Item.Queue);
        }

        Interlocked.Add(ref _leased, -attempts.Count);
        _prefetch.OnStored(attempts.Count);
        _capacityFreed.Notify();
    }

    private async Task WaitForSignalAsync(Task wake, CancellationToken cancellationToken)
    {
        try
        {
            await wake.WaitAsync(_options.PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // No notification within the poll interval: look for due work anyway.
        }
        catch (OperationCanceledException)
        {
            // Shutdown: the loop condition ends the fetcher.
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutdown: the loop condition ends the fetcher.
        }
    }
}
