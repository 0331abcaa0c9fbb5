using Workflow.Engine.Options;

namespace Workflow.Engine.Health;

/// <summary>
/// Thresholds of the node's health check, bound from <c>Workflow:Health</c>. Error rates are the share of failed
/// and timed-out attempts among the attempts that ran on this node within <see cref="Window"/>. A crossed threshold
/// raises an alert once and resolves it when the check no longer finds the condition.
/// </summary>
public sealed class HealthOptions
{
    public const int DefaultMinAttempts = 20;
    public const double DefaultKindErrorRateThreshold = 0.5;
    public const double DefaultWorkerErrorRateThreshold = 0;
    public const int DefaultUnhandledExceptionThreshold = 10;
    public const int DefaultStuckAttemptThreshold = 1;
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(5);

    /// <summary>How often the health check runs, 100 ms to 10 min. Default 5 s.</summary>
    public TimeSpan Interval { get; set; } = DefaultInterval;

    /// <summary>Length of the sliding window that error rates and exception counts cover, 1 s to 1 day. Default 5 min.</summary>
    public TimeSpan Window { get; set; } = DefaultWindow;

    /// <summary>
    /// Attempts a kind or worker must have run within the window before its error rate is judged, 1 to 1,000,000.
    /// Default 20.
    /// </summary>
    public int MinAttempts { get; set; } = DefaultMinAttempts;

    /// <summary>Error rate of a kind that raises an alert, above 0 and at most 1. Default 0.5.</summary>
    public double KindErrorRateThreshold { get; set; } = DefaultKindErrorRateThreshold;

    /// <summary>
    /// Thresholds of single kinds, keyed by kind name (<c>Workflow:Health:KindErrorRateThresholds:http.request</c>),
    /// in place of <see cref="KindErrorRateThreshold"/>. Each is above 0 and at most 1.
    /// </summary>
    public Dictionary<string, double> KindErrorRateThresholds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Error rate of one worker that raises an alert, 0 to 1, where 0 turns the check off. Default 0 (off): workers
    /// take items in turn and keep no state between attempts, so a worker's error rate follows the kinds it ran,
    /// and a failing kind would raise one alert per worker next to its own.
    /// </summary>
    public double WorkerErrorRateThreshold { get; set; } = DefaultWorkerErrorRateThreshold;

    /// <summary>
    /// Unhandled exceptions of one kind within the window that raise an alert, 0 to 1,000,000, where 0 turns the
    /// check off. An unhandled exception is one a handler threw that is not a <see cref="Handlers.WorkFailedException"/>,
    /// so the engine had to guess its category. Default 10.
    /// </summary>
    public int UnhandledExceptionThreshold { get; set; } = DefaultUnhandledExceptionThreshold;

    /// <summary>
    /// Stuck attempts that raise an alert, 0 to 1,000,000, where 0 turns the check off. An attempt is stuck while its
    /// handler runs past the attempt's timeout: during <see cref="WorkflowOptions.CancellationGrace"/>, and after it
    /// when the handler ignored cancellation and was left running without its worker. Default 1.
    /// </summary>
    public int StuckAttemptThreshold { get; set; } = DefaultStuckAttemptThreshold;

    /// <summary>
    /// Absolute http or https URL that receives every raised and resolved alert as a JSON POST, sent as an
    /// <c>http.request</c> work item with its retries. Null sends none. Default null.
    /// </summary>
    public string? AlertWebhookUrl { get; set; }

    /// <summary>Adds one failure per invalid value, each named <c>{prefix}:{Property}</c>.</summary>
    public void Validate(string prefix, List<string> failures)
    {
        OptionChecks.Range(failures, $"{prefix}:{nameof(Interval)}", Interval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        OptionChecks.Range(failures, $"{prefix}:{nameof(Window)}", Window, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        OptionChecks.Range(failures, $"{prefix}:{nameof(MinAttempts)}", MinAttempts, 1, 1_000_000);
        OptionChecks.Range(failures, $"{prefix}:{nameof(WorkerErrorRateThreshold)}", WorkerErrorRateThreshold, 0.0, 1.0);
        OptionChecks.Range(failures, $"{prefix}:{nameof(UnhandledExceptionThreshold)}", UnhandledExceptionThreshold, 0, 1_000_000);
        OptionChecks.Range(failures, $"{prefix}:{nameof(StuckAttemptThreshold)}", StuckAttemptThreshold, 0, 1_000_000);
        CheckRate(failures, $"{prefix}:{nameof(KindErrorRateThreshold)}", KindErrorRateThreshold);
        foreach (var (kind, threshold) in KindErrorRateThresholds)
        {
            if (!WorkItemNames.IsValidName(kind))
            {
                failures.Add($"{prefix}:{nameof(KindErrorRateThresholds)} contains '{kind}', which is not a valid kind name. " +
                    WorkItemNames.NameRule);
            }

            CheckRate(failures, $"{prefix}:{nameof(KindErrorRateThresholds)}:{kind}", threshold);
        }

        if (AlertWebhookUrl is { } url && !IsHttpUrl(url))
        {
            // The URL may carry a token, so the message names the option but not its value.
            failures.Add($"{prefix}:{nameof(AlertWebhookUrl)} is not an absolute http or https URL; set one such as " +
                "https://alerts.example.com/workflow, or remove the setting to send no alerts.");
        }
    }

    /// <summary>Returns the error rate threshold in force for <paramref name="kind"/>.</summary>
    public double KindThreshold(string kind) => KindErrorRateThresholds.GetValueOrDefault(kind, KindErrorRateThreshold);

    private static bool IsHttpUrl(string url)
        => Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static void CheckRate(List<string> failures, string name, double rate)
    {
        if (rate is <= 0 or > 1 || double.IsNaN(rate))
        {
            failures.Add($"{name} is {rate}; it must be above 0 and at most 1.");
        }
    }
}
