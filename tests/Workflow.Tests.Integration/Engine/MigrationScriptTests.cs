using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Workflow.Persistence;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Engine;

public sealed class MigrationScriptTests
{
    [Fact]
    public async Task OperatorScript_MatchesMigrations()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        try
        {
            var expected = GenerateScript(connectionString);
            var committed = await File.ReadAllTextAsync(FindScript());

            Assert.Equal(Normalize(expected), Normalize(committed));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task OperatorScript_AppliedTwice_LeavesNoPendingMigration()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        try
        {
            var script = await File.ReadAllTextAsync(FindScript());
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await using var reset = new NpgsqlCommand("DROP SCHEMA workflow CASCADE", connection);
                await reset.ExecuteNonQueryAsync();
                for (var run = 0; run < 2; run++)
                {
                    await using var apply = new NpgsqlCommand(script, connection);
                    await apply.ExecuteNonQueryAsync();
                }
            }

            await using var db = CreateContext(connectionString);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.False(db.Database.HasPendingModelChanges());
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    private static string GenerateScript(string connectionString)
    {
        using var db = CreateContext(connectionString);
        var migrator = db.GetService<IMigrator>();
        return migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }

    private static WorkflowDbContext CreateContext(string connectionString)
    {
        var options = new DbContextOptionsBuilder<WorkflowDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql
                .MigrationsAssembly(PersistenceServiceCollectionExtensions.MigrationsAssembly)
                .MigrationsHistoryTable("__ef_migrations_history", WorkflowDbContext.Schema))
            .Options;
        return new WorkflowDbContext(options);
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "migrations", "workflow-schema.sql");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("migrations/workflow-schema.sql was not found above the test folder.");
    }

    private static string Normalize(string script)
        => string.Join('\n', script.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0));
}
