using Workflow.Engine.Handlers;

namespace Workflow.Api.Handlers;

/// <summary>Payload of <c>noop</c>: nothing, or an optional value echoed back as the result.</summary>
public sealed record NoopPayload(System.Text.Json.JsonElement? Echo = null);

/// <summary>The <c>noop</c> kind: succeeds at once. For demos and benchmarks.</summary>
public sealed class NoopHandler : IWorkHandler<NoopPayload>
{
    public const string Kind = "noop";

    public Task<object?> HandleAsync(NoopPayload payload, WorkContext context, CancellationToken cancellationToken)
        => Task.FromResult<object?>(payload.Echo);
}
