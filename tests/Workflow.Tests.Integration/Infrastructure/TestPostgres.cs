using Microsoft.EntityFrameworkCore;
using Npgsql;
using Testcontainers.PostgreSql;
using Workflow.Persistence;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>
/// The PostgreSQL server shared by every test in the assembly. <c>ops/test</c> starts a throwaway cluster
/// and passes it in <c>WORKFLOW_TEST_CONNECTION</c>; where a Docker engine answers and
/// <c>WORKFLOW_TEST_USE_TESTCONTAINERS=1</c>, a container is started instead. Each test class gets its own
/// database, cloned from a migrated template, so classes run in parallel without sharing rows.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);
    private static PostgreSqlContainer? _container;

    /// <summary>Creates a fresh migrated database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var template = await Template.Value;
        var name = "wf_test_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAdminAsync($"CREATE DATABASE {name} TEMPLATE {template}");
        return WithDatabase(name);
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var name = $"wf_template_{Environment.ProcessId}";
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await ExecuteAdminAsync($"CREATE DATABASE {name}");

        var connectionString = new NpgsqlConnectionStringBuilder(WithDatabase(name)) { Pooling = false }.ConnectionString;
        var options = new DbContextOptionsBuilder<WorkflowDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql
                .MigrationsAssembly(PersistenceServiceCollectionExtensions.MigrationsAssembly)
                .MigrationsHistoryTable("__ef_migrations_history", WorkflowDbContext.Schema))
            .Options;
        await using (var db = new WorkflowDbContext(options))
        {
            await db.Database.MigrateAsync();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDropTemplate(name);
        return name;
    }

    private static void TryDropTemplate(string name)
    {
        try
        {
            ExecuteAdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)").GetAwaiter().GetResult();
        }
        catch (NpgsqlException)
        {
            // The server may already be stopped by ops/test; its folder is deleted with it.
        }
    }

    private static async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(await AdminConnectionStringAsync()) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string WithDatabase(string name)
        => new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;

    private static string AdminConnectionString => _admin ?? throw new InvalidOperationException("The test server is not started.");

    private static string? _admin;
    private static readonly SemaphoreSlim AdminLock = new(1, 1);

    private static async Task<string> AdminConnectionStringAsync()
    {
        if (_admin is not null)
        {
            return _admin;
        }

        await AdminLock.WaitAsync();
        try
        {
            _admin ??= await StartServerAsync();
            return _admin;
        }
        finally
        {
            AdminLock.Release();
        }
    }

    private static async Task<string> StartServerAsync()
    {
        var given = Environment.GetEnvironmentVariable("WORKFLOW_TEST_CONNECTION");
        if (!string.IsNullOrWhiteSpace(given))
        {
            return given;
        }

        if (Environment.GetEnvironmentVariable("WORKFLOW_TEST_USE_TESTCONTAINERS") == "1")
        {
            _container = new PostgreSqlBuilder("postgres:15").Build();
            await _container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => _container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return _container.GetConnectionString();
        }

        throw new InvalidOperationException(
            "No PostgreSQL server for the tests. Run them with ops/test, which starts one, or set WORKFLOW_TEST_CONNECTION " +
            "to a superuser connection string such as \"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\".");
    }
}
