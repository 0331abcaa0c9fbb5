using Workflow.Engine;

namespace Workflow.Api.Handlers.Http;

/// <summary>Thrown at connect time when the destination's address is denied; no connection was made.</summary>
public sealed class DestinationDeniedException(string host, string reason)
    : WorkflowException($"The request to '{host}' was denied before connecting: {reason}")
{
    public string Host { get; } = host;
}
