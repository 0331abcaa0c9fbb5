using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Workflow.Engine.Options;
using Workflow.Engine.Pool;
using Workflow.Persistence.Sql;

namespace Workflow.Persistence;

/// <summary>
/// Holds one connection that LISTENs on the work channel and wakes the fetcher when an item of one of this
/// node's queues is inserted. Notifications can be lost (for example while reconnecting), so the fetcher
/// keeps polling as the fallback, and every reconnect wakes it once.
/// </summary>
internal sealed partial class NotificationListener(
    [FromKeyedServices(ConnectionPoolBudget.EngineDataSourceKey)] NpgsqlDataSource dataSource,
    WorkSignal signal,
    WorkflowOptions options,
    TimeProvider timeProvider,
    ILogger<NotificationListener> logger) : BackgroundService
{
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.RunWorkers)
        {
            return;
        }

        var queues = options.Queues.ToHashSet(StringComparer.Ordinal);
        var delay = TimeSpan.FromMilliseconds(200);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += (_, e) =>
                {
                    if (queues.Contains(e.Payload))
                    {
                        signal.Notify();
                    }
                };

                await using (var listen = new NpgsqlCommand($"LISTEN {SubmissionSql.NotifyChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                if (failures > 0)
                {
                    LogListening(logger, failures);
                }

                delay = TimeSpan.FromMilliseconds(200);
                failures = 0;
                signal.Notify();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Only the first failure of an outage is a warning, because the loops that call the database report it too.
                failures++;
                if (failures == 1)
                {
                    LogListenFailed(logger, ex, delay.TotalMilliseconds);
                }
                else
                {
                    LogListenFailedAgain(logger, ex, failures, delay.TotalMilliseconds);
                }

                await Task.Delay(delay, timeProvider, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
            }
        }
    }

    [LoggerMessage(2000, LogLevel.Warning, "Listening for work notifications failed; reconnecting in {DelayMs} ms and polling meanwhile")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, double delayMs);

    [LoggerMessage(2001, LogLevel.Debug, "Listening for work notifications failed again ({Failures} failures in a row); reconnecting in {DelayMs} ms")]
    private static partial void LogListenFailedAgain(ILogger logger, Exception exception, int failures, double delayMs);

    [LoggerMessage(2002, LogLevel.Information, "Listening for work notifications again after {Failures} failed connections")]
    private static partial void LogListening(ILogger logger, int failures);
}
