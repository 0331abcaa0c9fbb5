using Workflow.Engine.Handlers;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>
/// Payload of <c>test.stubborn</c>: attempts up to <see cref="StubbornAttempts"/> block their thread for
/// <see cref="SleepMilliseconds"/> (at most <see cref="StubbornHandler.MaxSleepMilliseconds"/>), later ones return at once.
/// </summary>
public sealed record StubbornPayload(int SleepMilliseconds, int StubbornAttempts = 1);

/// <summary>
/// A handler that ignores its cancellation token: it sleeps without looking at it and then returns a result, as
/// a handler stuck in blocking I/O does. Results carry the attempt number and whether the attempt was stubborn.
/// </summary>
public sealed class StubbornHandler : IWorkHandler<StubbornPayload>
{
    public const string Kind = "test.stubborn";
    public const int MaxSleepMilliseconds = 30_000;

    public Task<object?> HandleAsync(StubbornPayload payload, WorkContext context, CancellationToken cancellationToken)
    {
        if (context.Attempt > payload.StubbornAttempts)
        {
            return Task.FromResult<object?>(new { attempt = context.Attempt, stubborn = false });
        }

        // Blocks the thread on purpose and never checks the token, so only the engine's grace period can end the attempt.
        Thread.Sleep(Math.Clamp(payload.SleepMilliseconds, 0, MaxSleepMilliseconds));
        return Task.FromResult<object?>(new { attempt = context.Attempt, stubborn = true });
    }
}
