using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Workflow.Engine.Storage;
using Workflow.Persistence.Operations;
using Workflow.Persistence.Submission;

namespace Workflow.Persistence;

/// <summary>Registers the PostgreSQL storage of the engine.</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>Name of the assembly that holds the EF Core migrations.</summary>
    public const string MigrationsAssembly = "Workflow.Migrations";

    /// <summary>
    /// Adds one <see cref="NpgsqlDataSource"/> for <paramref name="connectionString"/>, the EF Core context, the
    /// engine's <see cref="IWorkStore"/>, submission, operator actions, queries and the notification listener.
    /// </summary>
    public static IServiceCollection AddWorkflowPostgres(this IServiceCollection services, string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException(
                "The connection string is empty. Set ConnectionStrings__Workflow, for example " +
                "\"Host=127.0.0.1;Port=5432;Database=workflow;Username=workflow\".",
                nameof(connectionString));
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "workflow";
        }

        // The hot-path statements are few and fixed, and planning the lease and record statements costs about
        // as much as running them, so Npgsql prepares them once per connection unless the caller chose otherwise.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
            builder.AutoPrepareMinUsages = 2;
        }

        services.TryAddSingleton(_ => new NpgsqlDataSourceBuilder(builder.ConnectionString).Build());
        services.AddDbContext<WorkflowDbContext>((sp, options) => options.UseNpgsql(
            sp.GetRequiredService<NpgsqlDataSource>(),
            npgsql => npgsql
                .MigrationsAssembly(MigrationsAssembly)
                .MigrationsHistoryTable("__ef_migrations_history", WorkflowDbContext.Schema)));
        services.TryAddSingleton<IWorkStore, PostgresWorkStore>();
        services.TryAddSingleton<WorkItemSubmitter>();
        services.TryAddSingleton<WorkItemOperations>();
        services.TryAddScoped<WorkItemQueries>();
        services.AddHostedService<NotificationListener>();
        return services;
    }
}
