using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Workflow.Bench.Common;

/// <summary>
/// Administration of the benchmark cluster through its admin database: a fresh database per workload, the
/// server settings printed with the results, and the statement and WAL statistics that show where time goes.
/// </summary>
public sealed partial class PostgresAdmin(string adminConnectionString)
{
    /// <summary>Server settings that decide durability and memory, recorded with every result.</summary>
    public static readonly IReadOnlyList<string> RecordedSettings =
    [
        "server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_level", "shared_buffers",
        "max_wal_size", "checkpoint_timeout", "max_connections", "shared_preload_libraries", "track_wal_io_timing",
    ];

    /// <summary>Drops the database if it exists, creates it empty, and returns a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        CheckName(name);
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await ExecuteAsync($"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops the database, disconnecting any session still in it.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        CheckName(name);
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    public async Task<Dictionary<string, object?>> ServerSettingsAsync()
    {
        var settings = new Dictionary<string, object?>();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        foreach (var name in RecordedSettings)
        {
            await using var command = new NpgsqlCommand("SELECT current_setting($1, true)", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = name });
            settings["pg_" + name] = await command.ExecuteScalarAsync() as string;
        }

        return settings;
    }

    /// <summary>PID of the postmaster, from postmaster.pid in the data directory; null when it cannot be read.</summary>
    public async Task<int?> PostmasterPidAsync()
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_setting('data_directory')", connection);
        var dataDirectory = (string)(await command.ExecuteScalarAsync())!;
        try
        {
            var first = (await File.ReadAllLinesAsync(Path.Combine(dataDirectory, "postmaster.pid")))[0];
            return int.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Progress.Write($"Reading postmaster.pid in {dataDirectory} failed ({ex.Message}), so PostgreSQL's CPU time is not measured.");
            return null;
        }
    }

    /// <summary>Whether pg_stat_statements is loaded; creates the extension in the admin database when it is.</summary>
    public async Task<bool> EnableStatementStatsAsync()
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var check = new NpgsqlCommand("SELECT current_setting('shared_preload_libraries')", connection);
        var preload = (string?)await check.ExecuteScalarAsync() ?? "";
        if (!preload.Contains("pg_stat_statements", StringComparison.Ordinal))
        {
            return false;
        }

        await using var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection);
        await create.ExecuteNonQueryAsync();
        return true;
    }

    /// <summary>Clears statement statistics (if loaded) and the shared WAL statistics.</summary>
    public async Task ResetStatisticsAsync(bool statements)
    {
        if (statements)
        {
            await ExecuteAsync("SELECT pg_stat_statements_reset()");
        }

        await ExecuteAsync("SELECT pg_stat_reset_shared('wal')");
    }

    /// <summary>Returns the statements of one database with the most execution time since the last reset.</summary>
    public async Task<List<Dictionary<string, object?>>> TopStatementsAsync(string database, int limit)
    {
        const string sql = """
            SELECT s.query, s.calls, s.total_exec_time, s.rows, s.shared_blks_hit, s.shared_blks_read, s.wal_bytes
            FROM pg_stat_statements AS s
            JOIN pg_database AS d ON d.oid = s.dbid
            WHERE d.datname = $1
            ORDER BY s.total_exec_time DESC
            LIMIT $2
            """;
        var top = new List<Dictionary<string, object?>>();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            top.Add(new Dictionary<string, object?>
            {
                ["query"] = Shorten(reader.GetString(0)),
                ["calls"] = reader.GetInt64(1),
                ["total_ms"] = Math.Round(reader.GetDouble(2), 1),
                ["mean_ms"] = Math.Round(reader.GetDouble(2) / Math.Max(1, reader.GetInt64(1)), 3),
                ["rows"] = reader.GetInt64(3),
                ["blocks_hit"] = reader.GetInt64(4),
                ["blocks_read"] = reader.GetInt64(5),
                ["wal_bytes"] = reader.GetDecimal(6),
            });
        }

        return top;
    }

    /// <summary>WAL written and flushed since the last reset; sync time needs track_wal_io_timing.</summary>
    public async Task<Dictionary<string, object?>> WalStatsAsync()
    {
        const string sql = """
            SELECT wal_records, wal_fpi, wal_bytes, wal_write, wal_sync, wal_write_time, wal_sync_time
            FROM pg_stat_wal
            """;
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Dictionary<string, object?>
        {
            ["wal_records"] = reader.GetInt64(0),
            ["wal_full_page_images"] = reader.GetInt64(1),
            ["wal_bytes"] = reader.GetDecimal(2),
            ["wal_writes"] = reader.GetInt64(3),
            ["wal_syncs"] = reader.GetInt64(4),
            ["wal_write_ms"] = Math.Round(reader.GetDouble(5), 1),
            ["wal_sync_ms"] = Math.Round(reader.GetDouble(6), 1),
        };
    }

    /// <summary>Forces a checkpoint, so that a measured phase does not start with the previous phase's dirty pages.</summary>
    public Task CheckpointAsync() => ExecuteAsync("CHECKPOINT");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    private static string Shorten(string query)
    {
        var oneLine = Whitespace().Replace(query, " ").Trim();
        return oneLine.Length <= 160 ? oneLine : oneLine[..157] + "...";
    }

    private static void CheckName(string name)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"Database name '{name}' is invalid; use lower-case letters, digits and underscores.");
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
