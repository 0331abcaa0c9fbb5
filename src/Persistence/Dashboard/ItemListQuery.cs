using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Workflow.Persistence.Dashboard;

/// <summary>
/// Keyset-paginated item lists for the dashboard, newest first. Every page costs about the same however deep it is
/// and however many rows the table holds:
/// <list type="bullet">
/// <item>without row filters a page walks the (state, id) index, or the primary key for every state, for its rows only;</item>
/// <item>kind, queue, tag and retry filters have no index of their own (each extra index on work_items is written twice
/// per item, at lease and at completion), so a page walks at most <see cref="ScanWindow"/> index entries and filters
/// those. A window that ends before the page is full still returns a cursor, so Next goes on below it;</item>
/// <item>id and idempotency key filters are exact look-ups through their unique indexes.</item>
/// </list>
/// </summary>
public sealed class ItemListQuery(NpgsqlDataSource dataSource)
{
    /// <summary>Most index entries one filtered page walks.</summary>
    public const int ScanWindow = 10_000;

    /// <summary>Largest page.</summary>
    public const int MaxPageSize = 200;

    private const string Columns = """
        w.id, w.kind, w.queue, w.state, w.priority, w.run_at, w.attempt, w.failed_attempts, w.max_attempts, w.tags,
        w.last_error_category, left(w.last_error, 300) AS last_error, w.created_at, w.updated_at, w.finished_at
        """;

    /// <summary>Reads one page of at most <paramref name="pageSize"/> items.</summary>
    public async Task<ItemListPage> ListAsync(ItemListFilter filter, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);

        await using var command = dataSource.CreateCommand();
        var bounded = filter.HasRowFilter && !filter.IsLookup;
        command.CommandText = bounded ? BuildWindowed(filter, command.Parameters) : BuildPlain(filter, command.Parameters);
        command.Parameters.Add(new NpgsqlParameter<int>("limit", pageSize + 1));

        var rows = new List<ItemSummary>(pageSize + 1);
        long? windowEnd = null;
        long scanned = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var offset = 0;
            if (bounded)
            {
                windowEnd = reader.IsDBNull(0) ? null : reader.GetInt64(0);
                scanned = reader.GetInt64(1);
                offset = 2;
                if (reader.IsDBNull(offset))
                {
                    continue;
                }
            }

            rows.Add(Read(reader, offset));
        }

        if (rows.Count > pageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            return new ItemListPage(rows, rows[^1].Id, WindowExhausted: false);
        }

        var exhausted = bounded && scanned >= ScanWindow && windowEnd is not null;
        return new ItemListPage(rows, exhausted ? windowEnd : null, exhausted);
    }

    private static string BuildPlain(ItemListFilter filter, NpgsqlParameterCollection parameters)
    {
        var where = new List<string>();
        AddIndexClauses(filter, where, parameters, "w.");
        AddRowClauses(filter, where, parameters, "w.");
        return $"""
            SELECT {Columns}
            FROM workflow.work_items AS w
            {Where(where)}
            ORDER BY w.id DESC
            LIMIT @limit
            """;
    }

    /// <summary>
    /// Walks at most <see cref="ScanWindow"/> rows of the index in id order, keeps those that match the row filters,
    /// and returns the window's last id and size on every row (one row of nulls when nothing matched).
    /// </summary>
    private static string BuildWindowed(ItemListFilter filter, NpgsqlParameterCollection parameters)
    {
        var indexWhere = new List<string>();
        var rowWhere = new List<string>();
        AddIndexClauses(filter, indexWhere, parameters, "");
        AddRowClauses(filter, rowWhere, parameters, "s.");
        parameters.Add(new NpgsqlParameter<int>("window", ScanWindow));
        return $"""
            WITH scanned AS (
                SELECT id, kind, queue, tags, attempt
                FROM workflow.work_items
                {Where(indexWhere)}
                ORDER BY id DESC
                LIMIT @window
            ),
            matched AS (
                SELECT s.id
                FROM scanned AS s
                {Where(rowWhere)}
                ORDER BY s.id DESC
                LIMIT @limit
            ),
            scan_end AS (
                SELECT min(id) AS last_id, count(*) AS scanned
                FROM scanned
            )
            SELECT e.last_id, e.scanned, {Columns}
            FROM scan_end AS e
            LEFT JOIN (matched AS m JOIN workflow.work_items AS w ON w.id = m.id) ON true
            ORDER BY w.id DESC NULLS LAST
            """;
    }

    private static void AddIndexClauses(ItemListFilter filter, List<string> where, NpgsqlParameterCollection parameters, string alias)
    {
        if (filter.State is not null)
        {
            where.Add($"{alias}state = @state");
            parameters.Add(new NpgsqlParameter<string>("state", filter.State));
        }

        if (filter.Before is { } before)
        {
            where.Add($"{alias}id < @before");
            parameters.Add(new NpgsqlParameter<long>("before", before));
        }

        if (filter.Id is { } id)
        {
            where.Add($"{alias}id = @id");
            parameters.Add(new NpgsqlParameter<long>("id", id));
        }

        if (filter.IdempotencyKey is not null)
        {
            where.Add($"{alias}idempotency_key = @key");
            parameters.Add(new NpgsqlParameter<string>("key", filter.IdempotencyKey));
        }
    }

    private static void AddRowClauses(ItemListFilter filter, List<string> where, NpgsqlParameterCollection parameters, string alias)
    {
        if (filter.RetriesOnly)
        {
            where.Add($"{alias}attempt > 0");
        }

        if (filter.Kind is not null)
        {
            where.Add($"{alias}kind = @kind");
            parameters.Add(new NpgsqlParameter<string>("kind", filter.Kind));
        }

        if (filter.Queue is not null)
        {
            where.Add($"{alias}queue = @queue");
            parameters.Add(new NpgsqlParameter<string>("queue", filter.Queue));
        }

        if (filter.Tag is not null)
        {
            where.Add($"{alias}tags @> @tags");
            parameters.Add(new NpgsqlParameter("tags", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = new[] { filter.Tag } });
        }
    }

    private static string Where(List<string> clauses)
    {
        if (clauses.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder("WHERE ").Append(clauses[0]);
        foreach (var clause in clauses.Skip(1))
        {
            text.Append("\n  AND ").Append(clause);
        }

        return text.ToString();
    }

    private static ItemSummary Read(NpgsqlDataReader reader, int offset) => new(
        reader.GetInt64(offset),
        reader.GetString(offset + 1),
        reader.GetString(offset + 2),
        reader.GetString(offset + 3),
        reader.GetInt32(offset + 4),
        reader.GetFieldValue<DateTimeOffset>(offset + 5),
        reader.GetInt32(offset + 6),
        reader.GetInt32(offset + 7),
        reader.GetInt32(offset + 8),
        reader.GetFieldValue<string[]>(offset + 9),
        reader.IsDBNull(offset + 10) ? null : reader.GetString(offset + 10),
        reader.IsDBNull(offset + 11) ? null : reader.GetString(offset + 11),
        reader.GetFieldValue<DateTimeOffset>(offset + 12),
        reader.GetFieldValue<DateTimeOffset>(offset + 13),
        reader.IsDBNull(offset + 14) ? null : reader.GetFieldValue<DateTimeOffset>(offset + 14));
}
