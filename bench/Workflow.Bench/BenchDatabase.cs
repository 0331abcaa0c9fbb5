using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workflow.Api.Handlers;
using Workflow.Bench.Common;
using Workflow.Engine.Options;
using Workflow.Persistence;

namespace Workflow.Bench;

/// <summary>A fresh database for one workload, with the product's schema and helpers to fill and read it.</summary>
internal sealed class BenchDatabase(string name, string connectionString) : IAsyncDisposable
{
    /// <summary>Rows per INSERT statement when pre-enqueuing, so a large N commits in steps and reports progress.</summary>
    public const int InsertChunk = 100_000;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public string Name => name;

    public string ConnectionString => connectionString;

    /// <summary>Creates the database and applies the product's migrations, as a starting node would.</summary>
    public static async Task<BenchDatabase> CreateAsync(PostgresAdmin admin, string name)
    {
        var connectionString = await admin.CreateDatabaseAsync(name);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWorkflowPostgres(connectionString);
        await using (var provider = services.BuildServiceProvider())
        {
            await WorkflowDatabase.MigrateAsync(provider);
        }

        return new BenchDatabase(name, connectionString);
    }

    /// <summary>
    /// Inserts pending items with plain multi-row INSERT ... SELECT statements: the rows the API would store
    /// for <c>{"kind": KIND, "payload": PAYLOAD}</c>, without the per-request work. Then analyzes the table.
    /// </summary>
    public async Task InsertPendingAsync(int count, string kind = NoopHandler.Kind, string payloadJson = "{}")
    {
        const string sql = """
            INSERT INTO workflow.work_items (kind, queue, state, payload, priority, run_at, attempt, failed_attempts,
                                             max_attempts, created_at, updated_at)
            SELECT $1, $2, 'pending', $3::jsonb, 0, now(), 0, 0, $4, now(), now()
            FROM generate_series(1, $5)
            """;
        for (var done = 0; done < count; done += InsertChunk)
        {
            var rows = Math.Min(InsertChunk, count - done);
            await using var command = _dataSource.CreateCommand(sql);
            command.CommandTimeout = 600;
            command.Parameters.Add(new NpgsqlParameter { Value = kind });
            command.Parameters.Add(new NpgsqlParameter { Value = WorkflowOptions.DefaultQueue });
            command.Parameters.Add(new NpgsqlParameter { Value = payloadJson });
            command.Parameters.Add(new NpgsqlParameter { Value = WorkflowOptions.DefaultMaxAttempts });
            command.Parameters.Add(new NpgsqlParameter { Value = rows });
            await command.ExecuteNonQueryAsync();
            if (count > InsertChunk)
            {
                Progress.Write($"{name}: inserted {done + rows:N0} of {count:N0} pending items");
            }
        }

        await ExecuteAsync("ANALYZE workflow.work_items");
    }

    public async Task<long> CountAsync(string sql, params object[] parameters)
        => Convert.ToInt64(await ScalarAsync(sql, parameters), System.Globalization.CultureInfo.InvariantCulture);

    public async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.CommandTimeout = 600;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    /// <summary>Runs a query and returns its rows as arrays of column values.</summary>
    public async Task<List<object?[]>> RowsAsync(string sql, params object[] parameters)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.CommandTimeout = 600;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Whether any item is still pending or running. EXISTS stops at the first such row, so polling it stays cheap
    /// while a drain runs; a count(*) over a large table was the most expensive statement of a drain.
    /// </summary>
    public async Task<bool> HasUnfinishedAsync()
        => (bool)(await ScalarAsync("SELECT EXISTS (SELECT 1 FROM workflow.work_items WHERE state IN ('pending', 'running'))"))!;

    /// <summary>Id of the running node row of a process.</summary>
    public async Task<Guid?> NodeIdAsync(int processId)
        => await ScalarAsync("SELECT id FROM workflow.nodes WHERE process_id = $1 AND state = 'running'", processId) as Guid?;

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();
}
