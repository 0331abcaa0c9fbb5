using Npgsql;

namespace Workflow.Persistence;

/// <summary>
/// Retries a database call a few times when Npgsql reports a transient error, such as the broken pooled
/// connections that a server restart leaves behind. Only for calls that are safe to repeat: a statement that
/// failed this way was rolled back.
/// </summary>
internal static class TransientRetry
{
    private const int MaxTries = 3;
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(50);

    public static async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (NpgsqlException ex) when (ex.IsTransient && attempt < MaxTries && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay *= 4;
            }
        }
    }
}
