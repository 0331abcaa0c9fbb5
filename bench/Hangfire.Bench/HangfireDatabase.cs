using System.Globalization;
using Hangfire.PostgreSql;
using Npgsql;
using Workflow.Bench.Common;

namespace Hangfire.Bench;

/// <summary>
/// A fresh database for one Hangfire workload: the hangfire schema that the storage installs, plus the
/// <c>bench</c> tables where server processes and timed jobs record when they started.
/// </summary>
internal sealed class HangfireDatabase(string name, string connectionString, PostgreSqlStorage storage) : IAsyncDisposable
{
    private const string BenchSchema = """
        CREATE SCHEMA bench;
        CREATE TABLE bench.servers (name text NOT NULL, pid int NOT NULL, started_at timestamptz NOT NULL);
        CREATE TABLE bench.job_starts (run text NOT NULL, index int NOT NULL, pid int NOT NULL,
                                       enqueued_at timestamptz, started_at timestamptz NOT NULL);
        """;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public string Name => name;

    public string ConnectionString => connectionString;

    public PostgreSqlStorage Storage => storage;

    public static async Task<HangfireDatabase> CreateAsync(PostgresAdmin admin, string name)
    {
        var connectionString = await admin.CreateDatabaseAsync(name);
        var storage = HangfireSetup.CreateStorage(connectionString);
        var database = new HangfireDatabase(name, connectionString, storage);
        await database.ExecuteAsync(BenchSchema);
        return database;
    }

    public async Task<long> CountAsync(string sql, params object[] parameters)
        => Convert.ToInt64(await ScalarAsync(sql, parameters), CultureInfo.InvariantCulture);

    public async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public async Task<List<object?[]>> RowsAsync(string sql, params object[] parameters)
    {
        await using var command = Command(sql, parameters);
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
        await using var command = Command(sql, []);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Jobs in a state, from the job table's current state name.</summary>
    public Task<long> JobsInStateAsync(string state)
        => CountAsync("SELECT count(*) FROM hangfire.job WHERE statename = $1", state);

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();

    private NpgsqlCommand Command(string sql, object[] parameters)
    {
        var command = _dataSource.CreateCommand(sql);
        command.CommandTimeout = 600;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return command;
    }
}
