using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Handlers;
using Workflow.Engine.Options;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Pool;

/// <summary>
/// A bounded pool of workers fed by one fetcher. The fetcher leases only as many items as the pool has
/// capacity for (workers plus an <see cref="AdaptivePrefetch"/>); capacity returns when an item's outcome has
/// been stored, so the number of leased items on this node never exceeds <c>MaxWorkers + LeaseBatchSize</c>.
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
    private readonly StorageBackoff _leaseBackoff;
    private readonly string[] _kinds;
    private readonly AdaptivePrefetch _prefetch;
    private readonly WorkSignal _capacityFreed = new();
    private int _leased;
    private readonly Channel<InFlightAttempt> _ready = Channel.CreateUnbounded<InFlightAttempt>();
    // Keyed by lease token, not item id: an item cancelled and retried can be leased again while its old
    // attempt still runs, and both must stay visible to the heartbeat and to shutdown.
    private readonly ConcurrentDictionary<Guid, InFlightAttempt> _inFlight = new();
    private int _busy;
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
        _leaseBackoff = new StorageBackoff("lease work", MinLeaseRetryDelay, MaxLeaseRetryDelay, node, timeProvider, logger);
        _kinds = [.. registry.Kinds];
        _prefetch = new AdaptivePrefetch(options, timeProvider);
        _writer.Stored = OnStored;
    }

    public int WorkerCount => _options.MaxWorkers;

    /// <summary>Every item this node holds a lease on: queued for a worker, running, or waiting to be stored.</summary>
    public IReadOnlyList<InFlightAttempt> InFlight => [.. _inFlight.Values];

    public bool TryGetInFlight(Guid leaseToken, [MaybeNullWhen(false)] out InFlightAttempt attempt)
        => _inFlight.TryGetValue(leaseToken, out attempt);

    public PoolSnapshot Snapshot() => new(
        WorkerCount, _options.MinWorkers, _options.MaxWorkers, Volatile.Read(ref _busy), _inFlight.Count, _prefetch.Last, _options.Queues, _kinds);

    /// <summary>
    /// Leases work while capacity is free and <see cref="NodeLiveness.CanLease"/> holds, until
    /// <paramref name="cancellationToken"/> fires. Failed leases are retried with backoff.
    /// </summary>
    public async Task RunFetcherAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            // Take the signal before reading the count, so capacity freed in between still wakes the wait.
            var freed = _capacityFreed.Next;
            var free = _options.MaxWorkers + _prefetch.Current() - Volatile.Read(ref _leased);
            if (free <= 0)
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

            var limit = Math.Min(free, _options.LeaseBatchSize);
            var wake = _signal.Next;
            IReadOnlyList<LeasedItem> items;
            try
            {
                // Not cancelled by shutdown: a lease cancelled mid-flight may still commit on the server, and its
                // items would then sit leased by nobody until their lease expired and cost them an attempt.
                items = await _store.LeaseAsync(_node.NodeId, _options.Queues, _kinds, limit, _options.LeaseDuration, CancellationToken.None)
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
                _ready.Writer.TryWrite(attempt);
            }

            if (items.Count == 0)
            {
                await WaitForSignalAsync(wake, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs one worker: takes leased items and runs them one at a time until the pool is completed.</summary>
    public async Task RunWorkerAsync()
    {
        await foreach (var attempt in _ready.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (_draining)
            {
                _writer.Enqueue(attempt, _runner.Unstarted(attempt));
                continue;
            }

            Interlocked.Increment(ref _busy);
            try
            {
                var record = await _runner.RunAsync(attempt).ConfigureAwait(false);
                _writer.Enqueue(attempt, record);
            }
            finally
            {
                Interlocked.Decrement(ref _busy);
            }
        }
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
