using Npgsql;
using Workflow.Persistence.Sql;

namespace Workflow.Persistence.Operations;

/// <summary>
/// Operator actions on many items at once, for the dashboard's Retries and Dead pages. Each action changes only the
/// items in the states it allows and returns how many it changed. It skips the others without listing them.
/// </summary>
public sealed class BulkItemOperations(NpgsqlDataSource dataSource)
{
    /// <summary>Most ids one action takes.</summary>
    public const int MaxItems = 1000;

    private static readonly HashSet<string> Deletable = new(StringComparer.Ordinal) { "pending", "succeeded", "dead", "cancelled" };

    /// <summary>Retries the dead and cancelled items among <paramref name="ids"/>.</summary>
    public Task<int> RetryAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
        => RunAsync(BulkOperationSql.Retry, ids, null, cancellationToken);

    /// <summary>Makes the pending items among <paramref name="ids"/> due now.</summary>
    public Task<int> RunNowAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
        => RunAsync(BulkOperationSql.RunNow, ids, null, cancellationToken);

    /// <summary>
    /// Deletes the items among <paramref name="ids"/> that are in one of <paramref name="states"/>, with their attempts.
    /// Running items cannot be deleted, because their node still holds a lease: cancel them first.
    /// </summary>
    public Task<int> DeleteAsync(IReadOnlyCollection<long> ids, IReadOnlyCollection<string> states, CancellationToken cancellationToken)
    {
        foreach (var state in states)
        {
            if (!Deletable.Contains(state))
            {
                throw new ArgumentException(
                    $"Items in state '{state}' cannot be deleted. Deletable states: {string.Join(", ", Deletable)}.", nameof(states));
            }
        }

        return RunAsync(BulkOperationSql.Delete, ids, [.. states], cancellationToken);
    }

    private Task<int> RunAsync(string sql, IReadOnlyCollection<long> ids, string[]? states, CancellationToken cancellationToken)
    {
        if (ids.Count > MaxItems)
        {
            throw new ArgumentException($"{ids.Count} items were selected; one action takes at most {MaxItems}.", nameof(ids));
        }

        return ids.Count == 0
            ? Task.FromResult(0)
            : TransientRetry.RunAsync(() => RunOnceAsync(sql, ids, states, cancellationToken), cancellationToken);
    }

    private async Task<int> RunOnceAsync(string sql, IReadOnlyCollection<long> ids, string[]? states, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. ids] });
        if (states is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = states });
        }

        var changed = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt32(changed, System.Globalization.CultureInfo.InvariantCulture);
    }
}
