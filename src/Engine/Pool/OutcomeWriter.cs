using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Logging;
using Workflow.Engine.Metrics;
using Workflow.Engine.Model;
using Workflow.Engine.Retry;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Pool;

/// <summary>
/// Collects attempt outcomes from the workers and writes them in batches, one round trip per batch. A batch
/// that fails to write is retried with backoff, so outcomes survive a database outage as long as the process
/// lives. If the process dies first, the leases expire and recovery stores those attempts as abandoned.
/// </summary>
internal sealed class OutcomeWriter(
    IWorkStore store,
    NodeIdentity node,
    TimeProvider timeProvider,
    ILogger<OutcomeWriter> logger,
    WorkflowMetrics metrics)
{
    public const int MaxBatchSize = 500;

    private static readonly TimeSpan MinRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly StorageBackoff _backoff = new("record attempt outcomes", MinRetryDelay, MaxRetryDelay, node, timeProvider, logger);

    private readonly Channel<(InFlightAttempt Attempt, AttemptRecord Record)> _pending =
        Channel.CreateUnbounded<(InFlightAttempt, AttemptRecord)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>
    /// Called once per written batch with its attempts; the pool frees their capacity here in one step, so the
    /// fetcher wakes to a whole batch of free capacity instead of one slot at a time.
    /// </summary>
    public Action<IReadOnlyList<InFlightAttempt>>? Stored { get; set; }

    public void Enqueue(InFlightAttempt attempt, AttemptRecord record)
        => _pending.Writer.TryWrite((attempt, record with { DueAt = attempt.Item.DueAt }));

    /// <summary>Stops taking outcomes; <see cref="RunAsync"/> returns once it has written every queued one.</summary>
    public void Complete() => _pending.Writer.TryComplete();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<(InFlightAttempt Attempt, AttemptRecord Record)>(MaxBatchSize);
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (batch.Count < MaxBatchSize && reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            await WriteWithRetryAsync(batch, cancellationToken).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private async Task WriteWithRetryAsync(List<(InFlightAttempt Attempt, AttemptRecord Record)> batch, CancellationToken cancellationToken)
    {
        await StoreAsync(batch, cancellationToken).ConfigureAwait(false);

        var attempts = batch.ConvertAll(entry => entry.Attempt);
        Stored?.Invoke(attempts);
        foreach (var attempt in attempts)
        {
            attempt.MarkStored();
            attempt.Dispose();
        }
    }

    /// <summary>
    /// Writes a batch, retrying transient storage errors until they pass. When the database rejects the data
    /// itself, the batch is split until the rejected record is alone; that record is replaced by a dead
    /// outcome without its result, and dropped if even that is rejected, so one bad record never blocks the
    /// others. A dropped record's item stays leased until its lease expires and recovery releases it.
    /// </summary>
    private async Task StoreAsync(List<(InFlightAttempt Attempt, AttemptRecord Record)> batch, CancellationToken cancellationToken)
    {
        var replaced = false;
        while (true)
        {
            var records = batch.ConvertAll(entry => entry.Record);
            try
            {
                var fenced = await store.RecordAttemptsAsync(node.NodeId, records, cancellationToken).ConfigureAwait(false);
                _backoff.Succeeded();
                metrics.OutcomesStored(batch, fenced);
                LogFenced(batch, fenced);
                return;
            }
            catch (Exception ex) when (store.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(_backoff.Failed(ex), timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && batch.Count > 1)
            {
                var half = batch.Count / 2;
                await StoreAsync(batch[..half], cancellationToken).ConfigureAwait(false);
                await StoreAsync(batch[half..], cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var (attempt, record) = batch[0];
                if (replaced)
                {
                    PoolLog.OutcomeDropped(logger, ex, record.WorkItemId, attempt.Item.Kind, record.Attempt, node.NodeId);
                    return;
                }

                PoolLog.OutcomeRejected(logger, ex, record.WorkItemId, attempt.Item.Kind, record.Attempt, node.NodeId);
                batch = [(attempt, Unstorable(record, ex))];
                replaced = true;
            }
        }
    }

    private static AttemptRecord Unstorable(AttemptRecord record, Exception exception) => record with
    {
        Outcome = record.Started ? AttemptOutcome.Failed : record.Outcome,
        NextState = WorkItemState.Dead,
        NextRunAt = null,
        CountsAsFailure = true,
        ResultJson = null,
        Error = new AttemptError(
            ErrorCategory.Validation,
            "UnstorableOutcome",
            StoredText.Clean($"The database rejected this attempt's outcome ({record.Outcome.ToName()}), so the item is dead: {exception.Message}", 2000),
            null),
    };

    private void LogFenced(List<(InFlightAttempt Attempt, AttemptRecord Record)> batch, IReadOnlyList<long> fenced)
    {
        if (fenced.Count == 0)
        {
            return;
        }

        var fencedIds = fenced.ToHashSet();
        foreach (var (attempt, record) in batch)
        {
            if (fencedIds.Contains(record.WorkItemId))
            {
                PoolLog.FencedOut(logger, record.WorkItemId, attempt.Item.Kind, record.Attempt, node.NodeId);
            }
        }
    }
}
