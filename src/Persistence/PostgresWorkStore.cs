using Npgsql;
using NpgsqlTypes;
using Workflow.Engine.Model;
using Workflow.Engine.Storage;
using Workflow.Persistence.Sql;

namespace Workflow.Persistence;

/// <summary>The engine's storage port on PostgreSQL: hand-written SQL through Npgsql, one round trip per call.</summary>
public sealed class PostgresWorkStore(NpgsqlDataSource dataSource) : IWorkStore
{
    public async Task RegisterNodeAsync(NodeRegistration node, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(WorkStoreSql.RegisterNode);
        command.Parameters.Add(new NpgsqlParameter { Value = node.NodeId });
        command.Parameters.Add(new NpgsqlParameter { Value = node.Host });
        command.Parameters.Add(new NpgsqlParameter { Value = node.ProcessId });
        command.Parameters.Add(new NpgsqlParameter { Value = node.Queues.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LeaseReference>> HeartbeatAsync(
        Guid nodeId,
        NodeState state,
        string snapshotJson,
        IReadOnlyList<LeaseReference> leases,
        TimeSpan leaseDuration,
        CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var touch = new NpgsqlBatchCommand(WorkStoreSql.TouchNode);
        touch.Parameters.Add(new NpgsqlParameter { Value = nodeId });
        touch.Parameters.Add(new NpgsqlParameter { Value = state.ToName() });
        touch.Parameters.Add(new NpgsqlParameter { Value = snapshotJson });
        batch.BatchCommands.Add(touch);

        leases = [.. leases.OrderBy(l => l.WorkItemId)];
        var extend = new NpgsqlBatchCommand(WorkStoreSql.ExtendLeases);
        extend.Parameters.Add(new NpgsqlParameter { Value = leases.Select(l => l.WorkItemId).ToArray() });
        extend.Parameters.Add(new NpgsqlParameter { Value = leases.Select(l => l.LeaseToken).ToArray() });
        extend.Parameters.Add(new NpgsqlParameter { Value = leaseDuration.TotalMilliseconds });
        batch.BatchCommands.Add(extend);

        // Npgsql 10 gives a result set only to statements that return rows, so the reader starts on the rows of
        // ExtendLeases. TouchNode returns none, and calling NextResultAsync here would skip the extended leases.
        // Tokens, not item ids: one item can appear twice when it was cancelled, retried and leased again while its
        // old attempt still runs here, and only the old lease is lost.
        var extended = new HashSet<Guid>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                extended.Add(reader.GetGuid(0));
            }
        }

        return [.. leases.Where(l => !extended.Contains(l.LeaseToken))];
    }

    public async Task<IReadOnlyList<LeasedItem>> LeaseAsync(
        Guid nodeId,
        IReadOnlyList<string> queues,
        IReadOnlyList<string> kinds,
        int limit,
        TimeSpan leaseDuration,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(WorkStoreSql.Lease);
        command.Parameters.Add(new NpgsqlParameter { Value = nodeId });
        command.Parameters.Add(new NpgsqlParameter { Value = queues.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = kinds.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        command.Parameters.Add(new NpgsqlParameter { Value = leaseDuration.TotalMilliseconds });
        return await ReadLeasedAsync(command, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LeasedItem>> LeaseByQueueAsync(
        Guid nodeId,
        IReadOnlyList<QueueQuota> quotas,
        IReadOnlyList<string> kinds,
        int limit,
        TimeSpan leaseDuration,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(WorkStoreSql.LeaseByQueue);
        command.Parameters.Add(new NpgsqlParameter { Value = nodeId });
        command.Parameters.Add(new NpgsqlParameter { Value = quotas.Select(q => q.Queue).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = kinds.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        command.Parameters.Add(new NpgsqlParameter { Value = leaseDuration.TotalMilliseconds });
        command.Parameters.Add(new NpgsqlParameter { Value = quotas.Select(q => q.Limit).ToArray() });
        return await ReadLeasedAsync(command, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> CountDueAsync(
        IReadOnlyList<QueueQuota> quotas, IReadOnlyList<string> kinds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(WorkStoreSql.CountDue);
        command.Parameters.Add(new NpgsqlParameter { Value = quotas.Select(q => q.Queue).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = quotas.Select(q => q.Limit).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = kinds.ToArray() });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<IReadOnlyList<LeasedItem>> ReadLeasedAsync(
        NpgsqlCommand command, int limit, CancellationToken cancellationToken)
    {
        var items = new List<(LeasedItem Item, int Priority, DateTimeOffset RunAt)>(limit);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var item = new LeasedItem(
                    Id: reader.GetInt64(0),
                    Kind: reader.GetString(1),
                    Queue: reader.GetString(2),
                    Payload: reader.GetString(3),
                    Attempt: reader.GetInt32(4),
                    FailedAttempts: reader.GetInt32(5),
                    MaxAttempts: reader.GetInt32(6),
                    Timeout: reader.IsDBNull(7) ? null : TimeSpan.FromMilliseconds(reader.GetInt32(7)),
                    LeaseToken: reader.GetGuid(8),
                    LeasedAt: reader.GetFieldValue<DateTimeOffset>(9),
                    CreatedAt: reader.GetFieldValue<DateTimeOffset>(10))
                {
                    BackoffJson = reader.IsDBNull(13) ? null : reader.GetString(13),
                    DueAt = reader.GetFieldValue<DateTimeOffset>(12),
                    TraceParent = reader.IsDBNull(14) ? null : reader.GetString(14),
                };
                items.Add((item, reader.GetInt32(11), item.DueAt.Value));
            }
        }

        // UPDATE ... RETURNING does not keep the CTE's order, so restore the lease order here.
        return [.. items.OrderBy(i => i.Priority).ThenBy(i => i.RunAt).ThenBy(i => i.Item.Id).Select(i => i.Item)];
    }

    public async Task<IReadOnlyList<long>> RecordAttemptsAsync(
        Guid nodeId,
        IReadOnlyList<AttemptRecord> records,
        CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return [];
        }

        // The heartbeat's lease extension and this write update overlapping rows; sending both in item id order
        // makes them lock rows in the same order, which avoids most deadlocks between them.
        records = [.. records.OrderBy(r => r.WorkItemId)];

        await using var command = dataSource.CreateCommand(WorkStoreSql.RecordAttempts);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter { Value = nodeId });
        p.Add(new NpgsqlParameter { Value = records.Select(r => r.WorkItemId).ToArray() });
        p.Add(new NpgsqlParameter { Value = records.Select(r => r.LeaseToken).ToArray() });
        p.Add(new NpgsqlParameter { Value = records.Select(r => r.Attempt).ToArray() });
        p.Add(TextArray(records.Select(r => r.Outcome.ToName())));
        p.Add(TextArray(records.Select(r => r.NextState.ToName())));
        p.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            Value = records.Select(r => (DateTime?)r.NextRunAt?.UtcDateTime).ToArray(),
        });
        p.Add(new NpgsqlParameter { Value = records.Select(r => r.CountsAsFailure).ToArray() });
        p.Add(TextArray(records.Select(r => r.ResultJson)));
        p.Add(TextArray(records.Select(r => r.Error?.Category.ToName())));
        p.Add(TextArray(records.Select(r => r.Error?.Type)));
        p.Add(TextArray(records.Select(r => r.Error?.Message)));
        p.Add(TextArray(records.Select(r => r.Error?.StackTrace)));
        p.Add(new NpgsqlParameter { Value = records.Select(r => r.StartedAt.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = records.Select(r => r.FinishedAt.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = records.Select(r => r.Started).ToArray() });
        p.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            Value = records.Select(r => (DateTime?)r.DueAt?.UtcDateTime).ToArray(),
        });

        var fenced = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            fenced.Add(reader.GetInt64(0));
        }

        return fenced;
    }

    public async Task<RecoveryResult> RecoverAsync(TimeSpan nodeStaleAfter, int batchSize, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var markDead = new NpgsqlBatchCommand(WorkStoreSql.MarkStaleNodesDead);
        markDead.Parameters.Add(new NpgsqlParameter { Value = nodeStaleAfter.TotalMilliseconds });
        batch.BatchCommands.Add(markDead);

        var release = new NpgsqlBatchCommand(WorkStoreSql.ReleaseAbandoned);
        release.Parameters.Add(new NpgsqlParameter { Value = batchSize });
        batch.BatchCommands.Add(release);

        // MarkStaleNodesDead returns no rows, so the reader starts on the one row of ReleaseAbandoned.
        int released = 0, dead = 0;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                released = reader.GetInt32(0);
                dead = reader.GetInt32(1);
            }
        }

        return new RecoveryResult(markDead.RecordsAffected, released, dead);
    }

    public async Task SetNodeStateAsync(Guid nodeId, NodeState state, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(WorkStoreSql.SetNodeState);
        command.Parameters.Add(new NpgsqlParameter { Value = nodeId });
        command.Parameters.Add(new NpgsqlParameter { Value = state.ToName() });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public bool IsTransient(Exception exception) => IsTransientError(exception);

    /// <summary>
    /// Returns true for an error of the connection rather than of the data: a lost or refused connection, a restart,
    /// a timeout. The API maps the same errors to 503.
    /// </summary>
    public static bool IsTransientError(Exception exception) => exception switch
    {
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException or System.Net.Sockets.SocketException or IOException => true,
        _ => false,
    };

    private static NpgsqlParameter TextArray(IEnumerable<string?> values)
        => new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = values.ToArray() };
}
