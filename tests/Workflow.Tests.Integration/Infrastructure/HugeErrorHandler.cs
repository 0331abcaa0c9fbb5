using System.Text;
using Workflow.Engine.Handlers;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>
/// Payload of <c>test.huge-error</c>: attempts up to <see cref="FailingAttempts"/> throw an exception whose message
/// is <see cref="MessageLength"/> characters long, later ones succeed.
/// </summary>
public sealed record HugeErrorPayload(int MessageLength, int FailingAttempts = 1);

/// <summary>
/// Throws an <see cref="InvalidOperationException"/> (a transient error, so the item is retried) with a message
/// that PostgreSQL cannot store as it is: a NUL character every <see cref="NulEvery"/> characters.
/// </summary>
public sealed class HugeErrorHandler : IWorkHandler<HugeErrorPayload>
{
    public const string Kind = "test.huge-error";
    public const int NulEvery = 100;

    public Task<object?> HandleAsync(HugeErrorPayload payload, WorkContext context, CancellationToken cancellationToken)
    {
        if (context.Attempt > payload.FailingAttempts)
        {
            return Task.FromResult<object?>(new { attempt = context.Attempt });
        }

        throw new InvalidOperationException(BuildMessage(payload.MessageLength));
    }

    private static string BuildMessage(int length)
    {
        var message = new StringBuilder(length);
        while (message.Length < length)
        {
            message.Append(message.Length % NulEvery == NulEvery - 1 ? '\0' : 'x');
        }

        return message.ToString();
    }
}
