namespace Workflow.Engine.Handlers;

/// <summary>Defaults for the items of one kind, used when the submission leaves a value out.</summary>
public sealed class WorkKindOptions
{
    /// <summary>Queue for items submitted without one. Null means the engine's default queue.</summary>
    public string? DefaultQueue { get; set; }

    /// <summary>Max attempts for items submitted without one. Null means the engine's default.</summary>
    public int? DefaultMaxAttempts { get; set; }

    /// <summary>Per-attempt timeout for items submitted without one. Null means the engine's default.</summary>
    public TimeSpan? DefaultTimeout { get; set; }

    /// <summary>Retry delays of the kind's items. Null means the engine's <c>Workflow:Backoff</c>.</summary>
    public Options.BackoffOptions? Backoff { get; set; }

    /// <summary>Circuit breakers of the kind. Null means the engine's <c>Workflow:CircuitBreaker</c>.</summary>
    public Circuits.CircuitBreakerOptions? CircuitBreaker { get; set; }

    /// <summary>
    /// Returns a copy of a payload that is safe to show or log, with secrets such as authorization headers
    /// replaced. It gets the host's services, so it can read configuration. Null shows payloads as stored.
    /// </summary>
    public Func<IServiceProvider, System.Text.Json.Nodes.JsonNode, System.Text.Json.Nodes.JsonNode>? RedactPayload { get; set; }
}
