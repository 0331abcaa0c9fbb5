using Microsoft.Extensions.Options;

namespace Workflow.Engine.Options;

/// <summary>Checks every <see cref="WorkflowOptions"/> value and reports all invalid ones at once.</summary>
public sealed class WorkflowOptionsValidator : IValidateOptions<WorkflowOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkflowOptions options)
    {
        var failures = new List<string>();

        CheckRange(failures, nameof(options.MaxWorkers), options.MaxWorkers, 1, 1024);
        CheckRange(failures, nameof(options.MinWorkers), options.MinWorkers, 1, Math.Max(1, options.MaxWorkers));
        CheckRange(failures, nameof(options.Prefetch), options.Prefetch, 0, 10_000);
        CheckRange(failures, nameof(options.LeaseBatchSize), options.LeaseBatchSize, 1, 10_000);
        CheckRange(failures, nameof(options.RecoveryBatchSize), options.RecoveryBatchSize, 1, 100_000);
        CheckRange(failures, nameof(options.MaxAttempts), options.MaxAttempts, 1, 1000);
        CheckRange(failures, nameof(options.MaxErrorMessageLength), options.MaxErrorMessageLength, 256, 1_000_000);
        CheckRange(failures, nameof(options.MaxStackTraceLength), options.MaxStackTraceLength, 256, 1_000_000);

        CheckRange(failures, nameof(options.PollInterval), options.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        CheckRange(failures, nameof(options.HeartbeatInterval), options.HeartbeatInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        CheckRange(failures, nameof(options.LeaseDuration), options.LeaseDuration, options.HeartbeatInterval * 2, TimeSpan.FromHours(1));
        CheckRange(failures, nameof(options.NodeStaleAfter), options.NodeStaleAfter, options.HeartbeatInterval * 2, TimeSpan.FromHours(1));
        CheckRange(failures, nameof(options.RecoveryInterval), options.RecoveryInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        CheckRange(failures, nameof(options.ShutdownTimeout), options.ShutdownTimeout, TimeSpan.Zero, TimeSpan.FromHours(1));
        CheckRange(failures, nameof(options.CancellationGrace), options.CancellationGrace, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        CheckRange(failures, nameof(options.Timeout), options.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(24));

        // An empty queue list is valid: it stands for ["default"], which a post-configure step fills in.
        foreach (var queue in options.Queues)
        {
            if (!WorkItemNames.IsValidName(queue))
            {
                failures.Add($"Workflow:Queues contains '{queue}', which is not a valid queue name. {WorkItemNames.NameRule}");
            }
        }

        foreach (var (queue, limit) in options.QueueLimits)
        {
            if (!WorkItemNames.IsValidName(queue))
            {
                failures.Add($"Workflow:QueueLimits contains '{queue}', which is not a valid queue name. {WorkItemNames.NameRule}");
            }

            OptionChecks.Range(failures, $"Workflow:QueueLimits:{queue}", limit, 1, 10_000);
        }

        options.Scaling.Validate("Workflow:Scaling", failures);
        options.Health.Validate("Workflow:Health", failures);
        options.Backoff.Validate("Workflow:Backoff", failures);
        options.CircuitBreaker.Validate("Workflow:CircuitBreaker", failures);
        options.Scheduler.Validate("Workflow:Scheduler", failures);
        options.Retention.Validate("Workflow:Retention", failures);
        options.Statistics.Validate("Workflow:Statistics", failures);
        ValidateKinds(options, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateKinds(WorkflowOptions options, List<string> failures)
    {
        foreach (var (kind, settings) in options.Kinds)
        {
            if (!WorkItemNames.IsValidName(kind))
            {
                failures.Add($"Workflow:Kinds contains '{kind}', which is not a valid kind name. {WorkItemNames.NameRule}");
            }

            settings.Backoff?.Validate($"Workflow:Kinds:{kind}:Backoff", failures);
            settings.CircuitBreaker?.Validate($"Workflow:Kinds:{kind}:CircuitBreaker", failures);
        }
    }

    private static void CheckRange<T>(List<string> failures, string name, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"Workflow:{name} is {value}; it must be between {min} and {max}.");
        }
    }
}
