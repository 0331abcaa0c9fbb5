using Workflow.Engine.Handlers;

namespace Workflow.Api.Handlers;

/// <summary>Payload of <c>delay</c>: how long to wait, in milliseconds (0 to 24 hours).</summary>
public sealed record DelayPayload(long Milliseconds) : IValidatedPayload
{
    public const long MaxMilliseconds = 24L * 60 * 60 * 1000;

    public IEnumerable<PayloadError> Validate()
    {
        if (Milliseconds is < 0 or > MaxMilliseconds)
        {
            yield return new PayloadError("milliseconds", $"The delay must be from 0 to {MaxMilliseconds} milliseconds.");
        }
    }
}

/// <summary>
/// The <c>delay</c> kind: waits, then succeeds with the time waited. The wait ends early when the attempt is
/// cancelled (timeout, operator cancel, lost lease, shutdown). For demos, benchmarks and failure tests.
/// </summary>
public sealed class DelayHandler(TimeProvider timeProvider) : IWorkHandler<DelayPayload>
{
    public const string Kind = "delay";

    public async Task<object?> HandleAsync(DelayPayload payload, WorkContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(payload.Milliseconds), timeProvider, cancellationToken);
        return new { waitedMs = payload.Milliseconds };
    }
}
