using Workflow.Engine.Circuits;

namespace Workflow.Engine.Options;

/// <summary>
/// Configured settings of one kind, from <c>Workflow:Kinds:{kind}</c>. A null value leaves the kind's code defaults
/// (<see cref="Handlers.WorkKindOptions"/>), or else the engine's settings, in force. A given section replaces them
/// as a whole, and a value it leaves out takes the documented default.
/// </summary>
public sealed class KindSettings
{
    public BackoffOptions? Backoff { get; set; }

    public CircuitBreakerOptions? CircuitBreaker { get; set; }
}
