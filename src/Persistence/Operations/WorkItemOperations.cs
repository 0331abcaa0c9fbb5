using Npgsql;
using Workflow.Persistence.Sql;

namespace Workflow.Persistence.Operations;

/// <summary>Operator actions on one item: cancel, retry and run now.</summary>
public sealed class WorkItemOperations(NpgsqlDataSource dataSource)
{
    private static readonly string[] Cancellable = ["pending", "running"];
    private static readonly string[] Retryable = ["dead", "cancelled"];
    private static readonly string[] Pending = ["pending"];

    /// <summary>Cancels a pending or running item. Other states are left unchanged and reported.</summary>
    public Task<OperationResult> CancelAsync(long id, CancellationToken cancellationToken)
        => RunAsync(OperationSql.Cancel, id, Cancellable, cancellationToken);

    /// <summary>Retries a dead or cancelled item. Other states are left unchanged and reported.</summary>
    public Task<OperationResult> RetryAsync(long id, CancellationToken cancellationToken)
        => RunAsync(OperationSql.Retry, id, Retryable, cancellationToken);

    /// <summary>
    /// Makes a pending item due now, for an item scheduled later or waiting for its retry backoff. Other states are
    /// left unchanged and reported.
    /// </summary>
    public Task<OperationResult> RunNowAsync(long id, CancellationToken cancellationToken)
        => RunAsync(OperationSql.RunNow, id, Pending, cancellationToken);

    private Task<OperationResult> RunAsync(string sql, long id, string[] allowedStates, CancellationToken cancellationToken)
        => TransientRetry.RunAsync(() => RunOnceAsync(sql, id, allowedStates, cancellationToken), cancellationToken);

    private async Task<OperationResult> RunOnceAsync(string sql, long id, string[] allowedStates, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        string? previous;
        try
        {
            previous = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation)
        {
            // NOTE: concurrent cancels, retries and leases of one item have, rarely, tripped the lease check
            // constraint; the constraint kept the row consistent, and the caller gets a conflict to retry.
            throw new ConcurrentChangeException(id, ex);
        }

        return previous is null
            ? new OperationResult(false, null, false)
            : new OperationResult(true, previous, allowedStates.Contains(previous));
    }
}
