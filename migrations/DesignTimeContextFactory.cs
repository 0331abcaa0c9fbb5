using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Workflow.Persistence;

namespace Workflow.Migrations;

/// <summary>
/// Builds the context for <c>dotnet ef</c>. Generating migrations and the SQL script needs no database; the
/// connection string is only used by commands that connect, and comes from <c>ConnectionStrings__Workflow</c>.
/// </summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<WorkflowDbContext>
{
    public WorkflowDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Workflow")
            ?? "Host=127.0.0.1;Database=workflow;Username=workflow";
        var options = new DbContextOptionsBuilder<WorkflowDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql
                .MigrationsAssembly(PersistenceServiceCollectionExtensions.MigrationsAssembly)
                .MigrationsHistoryTable("__ef_migrations_history", WorkflowDbContext.Schema))
            .Options;
        return new WorkflowDbContext(options);
    }
}
