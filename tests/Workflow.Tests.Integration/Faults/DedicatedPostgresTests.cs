using Npgsql;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Faults;

/// <summary>The throwaway cluster that fault tests stop and start, which must come back on the same port with its data.</summary>
public sealed class DedicatedPostgresTests(DedicatedPostgres postgres) : IClassFixture<DedicatedPostgres>
{
    [Theory]
    [InlineData(PostgresStopMode.Fast)]
    [InlineData(PostgresStopMode.Immediate)]
    public async Task StopAndStart_KeepsPortAndData(PostgresStopMode mode)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await ExecuteAsync(connectionString, "CREATE TABLE marks (value int); INSERT INTO marks VALUES (42)");
        var port = postgres.Port;

        await postgres.StopAsync(mode);
        var whileStopped = await Record.ExceptionAsync(() => ExecuteAsync(connectionString, "SELECT 1"));
        await postgres.StartAsync();
        var value = await ScalarAsync(connectionString, "SELECT value FROM marks");

        Assert.True(postgres.IsRunning);
        Assert.Equal(port, postgres.Port);
        var npgsql = Assert.IsAssignableFrom<NpgsqlException>(whileStopped);
        Assert.True(npgsql.IsTransient, $"A stopped server should give a transient error: {npgsql}");
        Assert.Equal(42, value);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
