using Workflow.Engine.Circuits;
using Workflow.Engine.Handlers;
using Workflow.Engine.Retry;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Options;

/// <summary>
/// Resolves the backoff and circuit breaker settings in force for a kind. The first one set wins:
/// <c>Workflow:Kinds:{kind}</c> in configuration, then the kind's <see cref="WorkKindOptions"/>, then the engine's
/// <c>Workflow:Backoff</c> and <c>Workflow:CircuitBreaker</c>. An item's own backoff, given at submission, comes
/// before all of them.
/// </summary>
public sealed class KindPolicies(WorkflowOptions options, HandlerRegistry registry)
{
    /// <summary>Returns the item's own backoff when it was submitted with one, else its kind's.</summary>
    public BackoffOptions BackoffFor(LeasedItem item)
        => item.BackoffJson is { } json && StoredBackoff.Parse(json) is { } own ? own : BackoffFor(item.Kind);

    public BackoffOptions BackoffFor(string kind)
        => Configured(kind)?.Backoff ?? KindOptions(kind)?.Backoff ?? options.Backoff;

    public CircuitBreakerOptions CircuitBreakerFor(string kind)
        => Configured(kind)?.CircuitBreaker ?? KindOptions(kind)?.CircuitBreaker ?? options.CircuitBreaker;

    private KindSettings? Configured(string kind) => options.Kinds.GetValueOrDefault(kind);

    private WorkKindOptions? KindOptions(string kind) => registry.TryGet(kind, out var registration) ? registration.Options : null;
}
