using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine;
using Workflow.Engine.Handlers;
using Workflow.Engine.Model;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>
/// Payload of <c>test.flaky</c>: attempts up to <see cref="Failures"/> fail with <see cref="Category"/>, later
/// ones succeed. A large number fails every attempt.
/// </summary>
public sealed record FlakyPayload(int Failures, ErrorCategory Category = ErrorCategory.Transient);

/// <summary>Fails the first attempts of an item, as its payload says, then succeeds with the attempt number.</summary>
public sealed class FlakyHandler : IWorkHandler<FlakyPayload>
{
    public const string Kind = "test.flaky";

    public Task<object?> HandleAsync(FlakyPayload payload, WorkContext context, CancellationToken cancellationToken)
    {
        if (context.Attempt <= payload.Failures)
        {
            throw new WorkFailedException(payload.Category, $"Planned failure of attempt {context.Attempt}.");
        }

        return Task.FromResult<object?>(new { attempt = context.Attempt });
    }
}

public static class TestHandlers
{
    public static void Add(IServiceCollection services)
        => services.AddWorkHandler<FlakyHandler, FlakyPayload>(FlakyHandler.Kind);
}
