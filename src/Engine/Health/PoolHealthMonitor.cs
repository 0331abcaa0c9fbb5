using System.Globalization;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Logging;
using Workflow.Engine.Options;
using Workflow.Engine.Pool;

namespace Workflow.Engine.Health;

/// <summary>
/// The node's periodic health check: compares the error rates per kind and per worker, the unhandled exceptions
/// per kind and the stuck attempts with the thresholds of <see cref="HealthOptions"/>, raises and resolves alerts,
/// and hands each raised and resolved alert to the <see cref="IAlertSink"/> when a webhook is configured. A host
/// calls <see cref="CheckAsync"/> every <see cref="HealthOptions.Interval"/>.
/// </summary>
internal sealed class PoolHealthMonitor(
    WorkerPool pool,
    AttemptRunner runner,
    AttemptHealthRecorder recorder,
    WorkflowOptions options,
    NodeIdentity node,
    TimeProvider timeProvider,
    ILogger<PoolHealthMonitor> logger,
    IAlertSink? sink = null) : IDisposable
{
    /// <summary>Notifications kept while the sink fails; past this, the oldest are dropped and logged.</summary>
    public const int MaxPendingNotifications = 100;

    private readonly AlertBook _alerts = new();
    private readonly Queue<AlertNotification> _pending = new();
    private readonly SemaphoreSlim _checking = new(1, 1);
    private bool _deliveryFailing;

    public HealthSnapshot Snapshot() => _alerts.Snapshot();

    /// <summary>Runs one check and returns what it did. Checks do not overlap; a call waits for the one running.</summary>
    public async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        await _checking.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = timeProvider.GetUtcNow();
            var findings = Find();
            var (raised, resolved) = _alerts.Update(findings, now);
            foreach (var alert in raised)
            {
                HealthLog.AlertRaised(logger, node.NodeId, alert.Id, alert.Type, alert.Subject, alert.Message);
                Enqueue(AlertNotification.Raised, alert);
            }

            foreach (var alert in resolved)
            {
                var elapsed = (alert.ResolvedAt!.Value - alert.RaisedAt).TotalMilliseconds;
                HealthLog.AlertResolved(logger, node.NodeId, alert.Id, alert.Type, alert.Subject, elapsed);
                Enqueue(AlertNotification.Resolved, alert);
            }

            var sent = await DeliverAsync(cancellationToken).ConfigureAwait(false);
            return new HealthCheckResult(findings.Count, raised.Count, resolved.Count, sent);
        }
        finally
        {
            _checking.Release();
        }
    }

    private List<HealthFinding> Find()
    {
        var health = options.Health;
        var window = Describe(health.Window);
        var findings = new List<HealthFinding>();
        foreach (var (kind, counts) in recorder.KindTotals())
        {
            var threshold = health.KindThreshold(kind);
            if (counts.Attempts >= health.MinAttempts && counts.ErrorRate >= threshold)
            {
                findings.Add(new HealthFinding(AlertTypes.KindErrorRate, kind,
                    $"{counts.Failures} of {counts.Attempts} attempts of kind {kind} failed within {window}, an error rate of " +
                    $"{Percent(counts.ErrorRate)}; the threshold is {Percent(threshold)}.",
                    counts.ErrorRate, threshold));
            }

            if (health.UnhandledExceptionThreshold > 0 && counts.Unhandled >= health.UnhandledExceptionThreshold)
            {
                findings.Add(new HealthFinding(AlertTypes.UnhandledExceptions, kind,
                    $"The handler of kind {kind} threw {counts.Unhandled} exceptions other than WorkFailedException within " +
                    $"{window}; the threshold is {health.UnhandledExceptionThreshold}. Throw WorkFailedException with a category " +
                    "for expected failures.",
                    counts.Unhandled, health.UnhandledExceptionThreshold));
            }
        }

        if (health.WorkerErrorRateThreshold > 0)
        {
            foreach (var (worker, counts) in recorder.WorkerTotals())
            {
                if (counts.Attempts >= health.MinAttempts && counts.ErrorRate >= health.WorkerErrorRateThreshold)
                {
                    findings.Add(new HealthFinding(AlertTypes.WorkerErrorRate, $"worker {worker}",
                        $"{counts.Failures} of {counts.Attempts} attempts of worker {worker} failed within {window}, an error " +
                        $"rate of {Percent(counts.ErrorRate)}; the threshold is {Percent(health.WorkerErrorRateThreshold)}.",
                        counts.ErrorRate, health.WorkerErrorRateThreshold));
                }
            }
        }

        var stuck = pool.CountPastTimeout() + runner.DetachedHandlers;
        if (health.StuckAttemptThreshold > 0 && stuck >= health.StuckAttemptThreshold)
        {
            findings.Add(new HealthFinding(AlertTypes.StuckAttempts, "node",
                $"{stuck} attempts run past their timeout, including handlers that ignored cancellation and were left " +
                $"running; the threshold is {health.StuckAttemptThreshold}.",
                stuck, health.StuckAttemptThreshold));
        }

        return findings;
    }

    private void Enqueue(string status, PoolAlert alert)
    {
        if (sink is null || options.Health.AlertWebhookUrl is null)
        {
            return;
        }

        _pending.Enqueue(new AlertNotification(node.NodeId, node.Host, status, alert));
        while (_pending.Count > MaxPendingNotifications)
        {
            var dropped = _pending.Dequeue();
            HealthLog.AlertDeliveryDropped(logger, node.NodeId, dropped.Alert.Id, MaxPendingNotifications);
        }
    }

    /// <summary>Sends the waiting notifications in order and stops at the first failure, which the next check repeats.</summary>
    private async Task<int> DeliverAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        while (sink is not null && _pending.TryPeek(out var notification))
        {
            try
            {
                await sink.SendAsync(notification, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (!_deliveryFailing)
                {
                    HealthLog.AlertDeliveryFailed(logger, ex, node.NodeId, notification.Alert.Id);
                }

                _deliveryFailing = true;
                return sent;
            }

            _deliveryFailing = false;
            _pending.Dequeue();
            sent++;
        }

        return sent;
    }

    public void Dispose() => _checking.Dispose();

    private static string Percent(double rate) => rate.ToString("0.#%", CultureInfo.InvariantCulture);

    private static string Describe(TimeSpan window) => window.TotalSeconds < 120
        ? $"the last {window.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s"
        : $"the last {window.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture)} min";
}
