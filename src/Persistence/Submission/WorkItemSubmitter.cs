using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Workflow.Engine.Metrics;
using Workflow.Persistence.Sql;

namespace Workflow.Persistence.Submission;

/// <summary>
/// Inserts validated work items in one transaction and resolves idempotency keys: a key seen before with the
/// same request hash returns the first item; with a different hash the whole submission is rolled back.
/// Each created item is counted in <c>workflow.items.submitted</c> once the transaction has committed.
/// </summary>
public sealed class WorkItemSubmitter(NpgsqlDataSource dataSource, WorkflowMetrics metrics)
{
    /// <exception cref="IdempotencyConflictException">A key is taken by a different request; nothing was stored.</exception>
    public async Task<IReadOnlyList<SubmittedItem>> SubmitAsync(IReadOnlyList<NewWorkItem> items, CancellationToken cancellationToken)
    {
        var results = await TransientRetry.RunAsync(() => SubmitOnceAsync(items, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Created)
            {
                metrics.ItemSubmitted(items[i].Kind, items[i].Queue);
            }
        }

        return results;
    }

    private async Task<IReadOnlyList<SubmittedItem>> SubmitOnceAsync(IReadOnlyList<NewWorkItem> items, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        var rows = await InsertAsync(connection, transaction, items, cancellationToken).ConfigureAwait(false);
        var results = new SubmittedItem[items.Count];
        var unresolved = new List<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            results[i] = new SubmittedItem(rows[i].Id, rows[i].Created);
            if (!rows[i].Created)
            {
                unresolved.Add(i);
            }
        }

        if (unresolved.Count > 0)
        {
            var keys = unresolved.Select(i => items[i].IdempotencyKey!).Distinct().ToArray();
            var owners = await FindByKeysAsync(connection, transaction, keys, cancellationToken).ConfigureAwait(false);
            foreach (var index in unresolved)
            {
                var key = items[index].IdempotencyKey!;
                var (ownerId, ownerHash) = owners[key];
                if (ownerHash is null || items[index].RequestHash is not { } hash || !ownerHash.AsSpan().SequenceEqual(hash))
                {
                    // The owner may be an earlier item of this submission, which the conflict rolls back.
                    var earlierIndex = rows.FindIndex(row => row.Created && row.Id == ownerId);
                    throw earlierIndex >= 0
                        ? IdempotencyConflictException.WithinSubmission(index, key, earlierIndex)
                        : new IdempotencyConflictException(index, key, ownerId);
                }

                results[index] = new SubmittedItem(ownerId, false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return results;
    }

    private static async Task<List<(long Id, bool Created)>> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<NewWorkItem> items, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SubmissionSql.Insert, connection, transaction);
        var p = command.Parameters;
        p.Add(Text(items.Select(i => i.Kind)));
        p.Add(Text(items.Select(i => i.Queue)));
        p.Add(Text(items.Select(i => i.PayloadJson)));
        p.Add(new NpgsqlParameter { Value = items.Select(i => i.Priority).ToArray() });
        p.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            Value = items.Select(i => (DateTime?)i.RunAt?.UtcDateTime).ToArray(),
        });
        p.Add(new NpgsqlParameter { Value = items.Select(i => i.Delay.TotalMilliseconds).ToArray() });
        p.Add(new NpgsqlParameter { Value = items.Select(i => i.MaxAttempts).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, Value = items.Select(i => i.TimeoutMs).ToArray() });
        p.Add(Text(items.Select(i => i.IdempotencyKey)));
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = items.Select(i => i.RequestHash).ToArray() });
        p.Add(Text(items.Select(i => JsonSerializer.Serialize(i.Tags))));
        p.Add(Text(items.Select(i => i.BackoffJson)));
        p.Add(Text(items.Select(i => i.TraceParent)));

        var rows = new List<(long, bool)>(items.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add((reader.GetInt64(0), reader.GetBoolean(1)));
        }

        return rows;
    }

    private static async Task<Dictionary<string, (long Id, byte[]? Hash)>> FindByKeysAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] keys, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SubmissionSql.FindByKeys, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = keys });
        var owners = new Dictionary<string, (long, byte[]?)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            owners[reader.GetString(0)] = (reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<byte[]>(2));
        }

        return owners;
    }

    private static NpgsqlParameter Text(IEnumerable<string?> values)
        => new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = values.ToArray() };
}
