using System.Diagnostics;
using System.Diagnostics.Metrics;
using Workflow.Engine.Handlers;
using Workflow.Engine.Model;
using Workflow.Engine.Options;
using Workflow.Engine.Pool;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Metrics;

/// <summary>
/// The engine's instruments on the <see cref="MeterName"/> meter. Where each one is counted:
/// <list type="bullet">
/// <item><c>workflow.items.submitted</c>: by the submitter after its transaction commits, once per created item
/// (a repeated idempotency key creates nothing).</item>
/// <item><c>workflow.submissions.rejected</c>: by the API, once per rejected submit request, tagged with a
/// <see cref="RejectionReasons"/> value.</item>
/// <item><c>workflow.attempts.started</c>, <c>workflow.attempt.duration</c> and <c>workflow.attempt.queue_wait</c>:
/// around each handler run, after the circuit breaker let the attempt through.</item>
/// <item><c>workflow.attempts.succeeded</c>, <c>workflow.attempts.failed</c>, <c>workflow.items.retried</c> and
/// <c>workflow.items.dead</c>: by the outcome writer once the database stored the outcome, so they count what
/// the database holds. An outcome fenced out because this node lost the lease counts in none of them, and items
/// that recovery on any node marks dead are not counted here either.</item>
/// <item><c>workflow.items.deferred</c>: by the circuit gate for each item it puts back without running.</item>
/// </list>
/// Tags are <c>kind</c> and <c>queue</c>, bounded: a kind without a registered handler and a queue this node does
/// not serve are both reported as <see cref="OtherTagValue"/>.
/// </summary>
public sealed class WorkflowMetrics
{
    /// <summary>Name of the meter to export, for example with OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "Workflow";

    /// <summary>Tag value that stands for every kind or queue outside the bounded set.</summary>
    public const string OtherTagValue = "other";

    private static readonly double[] SecondsBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 1800, 3600];

    private readonly HandlerRegistry _handlers;
    private readonly HashSet<string> _queues;
    private readonly Func<WorkerPool?> _pool;
    private readonly BacklogGauge _backlog;
    private readonly Counter<long> _submitted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _started;
    private readonly Counter<long> _succeeded;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _dead;
    private readonly Counter<long> _deferred;
    private readonly Counter<long> _scaleEvents;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _queueWait;

    /// <param name="meterFactory">Creates the meter; the factory disposes it with the service provider.</param>
    /// <param name="options">The queues this node serves bound the <c>queue</c> tag.</param>
    /// <param name="handlers">The registered kinds bound the <c>kind</c> tag.</param>
    /// <param name="backlog">Source of the backlog gauge.</param>
    /// <param name="pool">
    /// Returns the node's pool for the pool gauges, or null when this host runs no workers. It is called at each
    /// collection, not here, because the pool is built when the node starts.
    /// </param>
    internal WorkflowMetrics(
        IMeterFactory meterFactory, WorkflowOptions options, HandlerRegistry handlers, BacklogGauge backlog, Func<WorkerPool?> pool)
    {
        _handlers = handlers;
        _queues = new HashSet<string>(options.Queues, StringComparer.Ordinal);
        _backlog = backlog;
        _pool = pool;

        var meter = meterFactory.Create(MeterName);
        _submitted = meter.CreateCounter<long>("workflow.items.submitted", "{item}", "Work items created by submissions.");
        _rejected = meter.CreateCounter<long>(
            "workflow.submissions.rejected", "{request}", "Submit requests rejected before anything was stored, by reason.");
        _started = meter.CreateCounter<long>("workflow.attempts.started", "{attempt}", "Attempts handed to a handler on this node.");
        _succeeded = meter.CreateCounter<long>("workflow.attempts.succeeded", "{attempt}", "Attempts stored as succeeded.");
        _failed = meter.CreateCounter<long>(
            "workflow.attempts.failed", "{attempt}", "Attempts stored as failed, timed out or abandoned by this node, by outcome.");
        _retried = meter.CreateCounter<long>("workflow.items.retried", "{item}", "Failed attempts whose item was scheduled to run again.");
        _dead = meter.CreateCounter<long>("workflow.items.dead", "{item}", "Failed attempts that left their item dead.");
        _deferred = meter.CreateCounter<long>(
            "workflow.items.deferred", "{item}", "Items put back without running because their circuit breaker was open.");
        _scaleEvents = meter.CreateCounter<long>(
            "workflow.pool.scale_events", "{event}", "Changes of this node's pool size, tagged with direction up or down.");
        _duration = meter.CreateHistogram(
            "workflow.attempt.duration", "s", "Time from handler start to the attempt's outcome, by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _queueWait = meter.CreateHistogram(
            "workflow.attempt.queue_wait", "s", "Time from when the item became due to when its attempt started.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

        meter.CreateObservableGauge("workflow.pool.workers", () => ObservePool(s => s.Workers), "{worker}", "Workers in this node's pool.");
        meter.CreateObservableGauge("workflow.pool.busy", () => ObservePool(s => s.Busy), "{worker}", "Workers running a handler.");
        meter.CreateObservableGauge(
            "workflow.items.in_flight", () => ObservePool(s => s.InFlight), "{item}",
            "Items this node holds a lease on: waiting for a worker, running, or waiting for their outcome to be stored.");
        meter.CreateObservableGauge(
            "workflow.queue.backlog", ObserveBacklog, "{item}", "Due pending items of this node's queues, as last measured.");
    }

    /// <summary>Counts one work item created by a submission.</summary>
    public void ItemSubmitted(string kind, string queue) => _submitted.Add(1, Tags(kind, queue));

    /// <summary>Counts one rejected submit request; <paramref name="reason"/> is one of <see cref="RejectionReasons"/>.</summary>
    public void SubmissionRejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal void AttemptStarted(LeasedItem item, TimeSpan? queueWait)
    {
        var tags = Tags(item.Kind, item.Queue);
        _started.Add(1, tags);
        if (queueWait is { } wait)
        {
            // The due time comes from the database clock and the start from this node's, so skew can make it negative.
            _queueWait.Record(Math.Max(0, wait.TotalSeconds), tags);
        }
    }

    internal void AttemptFinished(LeasedItem item, AttemptRecord record)
    {
        var tags = Tags(item.Kind, item.Queue);
        tags.Add("outcome", record.Outcome.ToName());
        _duration.Record(Math.Max(0, (record.FinishedAt - record.StartedAt).TotalSeconds), tags);
    }

    internal void ItemDeferred(LeasedItem item) => _deferred.Add(1, Tags(item.Kind, item.Queue));

    internal void PoolScaled(int from, int to)
        => _scaleEvents.Add(1, new KeyValuePair<string, object?>("direction", to > from ? "up" : "down"));

    /// <summary>Counts the outcomes of a batch the database stored, leaving out the fenced-out items.</summary>
    internal void OutcomesStored(IReadOnlyList<(InFlightAttempt Attempt, AttemptRecord Record)> batch, IReadOnlyList<long> fenced)
    {
        foreach (var (attempt, record) in batch)
        {
            if (!record.Started || fenced.Contains(record.WorkItemId))
            {
                continue;
            }

            var tags = Tags(attempt.Item.Kind, attempt.Item.Queue);
            if (record.Outcome == AttemptOutcome.Succeeded)
            {
                _succeeded.Add(1, tags);
                continue;
            }

            if (!record.CountsAsFailure)
            {
                // Handed back at shutdown: neither a success nor a failure.
                continue;
            }

            var failedTags = tags;
            failedTags.Add("outcome", record.Outcome.ToName());
            _failed.Add(1, failedTags);
            if (record.NextState == WorkItemState.Dead)
            {
                _dead.Add(1, tags);
            }
            else if (record.NextState == WorkItemState.Pending)
            {
                _retried.Add(1, tags);
            }
        }
    }

    private TagList Tags(string kind, string queue) => new()
    {
        { "kind", _handlers.TryGet(kind, out _) ? kind : OtherTagValue },
        { "queue", _queues.Contains(queue) ? queue : OtherTagValue },
    };

    private IEnumerable<Measurement<int>> ObservePool(Func<PoolSnapshot, int> read)
    {
        var pool = _pool();
        return pool is null ? [] : [new Measurement<int>(read(pool.Snapshot()))];
    }

    private IEnumerable<Measurement<long>> ObserveBacklog()
        => _backlog.Value is { } backlog ? [new Measurement<long>(backlog)] : [];
}
