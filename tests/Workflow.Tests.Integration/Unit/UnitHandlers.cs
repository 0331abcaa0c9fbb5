using Workflow.Engine.Circuits;
using Workflow.Engine.Handlers;

namespace Workflow.Tests.Integration.Unit;

/// <summary>Handlers and payloads for unit tests that need a registered kind; none of them is ever run.</summary>
public static class UnitHandlers
{
    public sealed record PlainPayload;

    /// <summary>A payload that names its circuit, as <c>http.request</c> does with its destination.</summary>
    public sealed record KeyedPayload(string? Destination) : ICircuitKeyedPayload
    {
        public string? GetCircuitKey() => Destination;
    }

    public sealed class PlainHandler : IWorkHandler<PlainPayload>
    {
        public Task<object?> HandleAsync(PlainPayload payload, WorkContext context, CancellationToken cancellationToken)
            => Task.FromResult<object?>(null);
    }

    public sealed class KeyedHandler : IWorkHandler<KeyedPayload>
    {
        public Task<object?> HandleAsync(KeyedPayload payload, WorkContext context, CancellationToken cancellationToken)
            => Task.FromResult<object?>(null);
    }
}
