using Workflow.Engine.Storage;

namespace Workflow.Engine.Pool;

/// <summary>
/// A leased item from the moment it is leased until its outcome is stored: its cancellation, why it was
/// interrupted, and a task that completes once the outcome is written.
/// </summary>
internal sealed class InFlightAttempt(LeasedItem item) : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TaskCompletionSource _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timeoutTimer;
    private int _reason;
    private int _recordClaimed;
    private volatile bool _finished;

    public LeasedItem Item { get; } = item;

    public CancellationToken Token => _cancellation.Token;

    public InterruptReason Reason => (InterruptReason)Volatile.Read(ref _reason);

    public bool Started { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>True once its worker has the attempt's record, whether or not the handler itself returned.</summary>
    public bool Finished => _finished;

    /// <summary>Completes when the outcome of this attempt has been written, or the node gave up writing it.</summary>
    public Task Stored => _stored.Task;

    public LeaseReference Lease => new(Item.Id, Item.LeaseToken);

    public void Start(DateTimeOffset now, TimeSpan? timeout, TimeProvider timeProvider)
    {
        Started = true;
        StartedAt = now;
        if (timeout is { } limit)
        {
            _timeoutTimer = timeProvider.CreateTimer(
                static state => ((InFlightAttempt)state!).Interrupt(InterruptReason.Timeout), this, limit, Timeout.InfiniteTimeSpan);
        }
    }

    public void MarkFinished() => _finished = true;

    /// <summary>
    /// Returns true while the attempt runs past its timeout: its token fired, and the handler has the
    /// cancellation grace to return before its worker records the attempt without it.
    /// </summary>
    public bool IsPastTimeout(DateTimeOffset now)
        => Started && !_finished && Item.Timeout is { } timeout && now - StartedAt > timeout;

    /// <summary>Cancels the handler, keeping the first reason given.</summary>
    public void Interrupt(InterruptReason reason)
    {
        if (Interlocked.CompareExchange(ref _reason, (int)reason, (int)InterruptReason.None) == (int)InterruptReason.None)
        {
            try
            {
                _cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The attempt finished while it was being interrupted; nothing is left to cancel.
            }
            catch (AggregateException)
            {
                // A callback the handler registered on its token threw. The attempt is interrupted all the same,
                // and this may run on a timer thread, where an escaping exception would end the process.
            }
        }
    }

    /// <summary>Returns true for the one caller allowed to produce this attempt's outcome.</summary>
    public bool TryClaimRecord() => Interlocked.Exchange(ref _recordClaimed, 1) == 0;

    public void MarkStored() => _stored.TrySetResult();

    public void Dispose()
    {
        _timeoutTimer?.Dispose();
        _cancellation.Dispose();
    }
}
