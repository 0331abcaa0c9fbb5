using Workflow.Engine.Handlers;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>
/// Payload of <c>test.unstorable-result</c>. The API rejects NUL characters and unpaired surrogates in payloads,
/// so the payload names the case and the handler builds the text.
/// </summary>
/// <param name="Text"><c>nul</c> for a NUL character, <c>surrogate</c> for an unpaired high surrogate.</param>
public sealed record UnstorableResultPayload(string Text);

/// <summary>Returns a result with a string PostgreSQL cannot store, as a handler echoing binary data might.</summary>
public sealed class UnstorableResultHandler : IWorkHandler<UnstorableResultPayload>
{
    public const string Kind = "test.unstorable-result";

    public Task<object?> HandleAsync(UnstorableResultPayload payload, WorkContext context, CancellationToken cancellationToken)
    {
        var text = payload.Text switch
        {
            "nul" => "before\0after",
            "surrogate" => "before\uD800after",
            _ => throw new WorkFailedException(Workflow.Engine.Model.ErrorCategory.Validation, $"Unknown case '{payload.Text}'; use nul or surrogate."),
        };
        return Task.FromResult<object?>(new { text });
    }
}
