using Npgsql;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>
/// Reads rows with a connection of its own (no pooling), for databases that are not a <see cref="DatabaseFixture"/>,
/// such as those on a <see cref="DedicatedPostgres"/> cluster that tests restart. A pooled connection would fail
/// once after each restart.
/// </summary>
public static class SqlRows
{
    public static async Task<long> CountAsync(string connectionString, string sql, params object[] parameters)
    {
        var rows = await ReadAsync(connectionString, sql, parameters);
        return (long)rows[0].Values.Single()!;
    }

    /// <summary>Returns every row of a query as column-name dictionaries.</summary>
    public static async Task<List<Dictionary<string, object?>>> ReadAsync(string connectionString, string sql, params object[] parameters)
    {
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(unpooled);
        await connection.OpenAsync();
        return await ReadAsync(connection, sql, parameters);
    }

    /// <summary>Returns every row of a query on an open connection as column-name dictionaries.</summary>
    public static async Task<List<Dictionary<string, object?>>> ReadAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var rows = new List<Dictionary<string, object?>>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
