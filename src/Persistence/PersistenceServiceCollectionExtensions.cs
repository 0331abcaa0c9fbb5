using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Data.Common;
using Npgsql;
using Workflow.Engine.Scheduling;
using Workflow.Engine.Storage;
using Workflow.Persistence.Dashboard;
using Workflow.Persistence.Operations;
using Workflow.Persistence.Submission;

namespace Workflow.Persistence;

/// <summary>Registers the PostgreSQL storage of the engine.</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>Name of the assembly that holds the EF Core migrations.</summary>
    public const string MigrationsAssembly = "Workflow.Migrations";

    /// <summary>
    /// Adds three <see cref="NpgsqlDataSource"/> pools for <paramref name="connectionString"/>, split as
    /// <see cref="ConnectionPoolBudget"/> describes, the EF Core context, the engine's <see cref="IWorkStore"/> and
    /// <see cref="IMaintenanceStore"/>, submission, operator actions, the API's and dashboard's queries and the notification listener. Throws an
    /// <see cref="ArgumentException"/> when the connection string is empty or its Max Pool Size is below
    /// <see cref="ConnectionPoolBudget.MinMaxPoolSize"/>.
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

        var (apiConnectionString, engineConnectionString, schedulerConnectionString) = ConnectionPoolBudget.Split(builder);
        services.TryAddSingleton(_ => new NpgsqlDataSourceBuilder(apiConnectionString).Build());
        services.TryAddKeyedSingleton(
            ConnectionPoolBudget.EngineDataSourceKey, (_, _) => new NpgsqlDataSourceBuilder(engineConnectionString).Build());

        // Quartz.NET's clustered store takes its connections from the DbDataSource under this key, the maintenance
        // jobs from the same pool.
        services.TryAddKeyedSingleton(
            SchedulerKeys.DataSourceKey, (_, _) => new NpgsqlDataSourceBuilder(schedulerConnectionString).Build());
        services.TryAddKeyedSingleton<DbDataSource>(
            SchedulerKeys.DataSourceKey, (sp, key) => sp.GetRequiredKeyedService<NpgsqlDataSource>(key));
        services.AddDbContext<WorkflowDbContext>((sp, options) => options.UseNpgsql(
            sp.GetRequiredService<NpgsqlDataSource>(),
            npgsql => npgsql
                .MigrationsAssembly(MigrationsAssembly)
                .MigrationsHistoryTable("__ef_migrations_history", WorkflowDbContext.Schema)
                .EnableRetryOnFailure(maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(1), errorCodesToAdd: null)));
        services.TryAddSingleton<IWorkStore>(
            sp => new PostgresWorkStore(sp.GetRequiredKeyedService<NpgsqlDataSource>(ConnectionPoolBudget.EngineDataSourceKey)));
        services.TryAddSingleton<IMaintenanceStore>(
            sp => new PostgresMaintenanceStore(sp.GetRequiredKeyedService<NpgsqlDataSource>(SchedulerKeys.DataSourceKey)));
        services.TryAddSingleton<WorkItemSubmitter>();
        services.TryAddSingleton<WorkItemOperations>();
        services.TryAddScoped<WorkItemQueries>();
        services.TryAddSingleton<AttemptStatistics>();
        services.TryAddSingleton<BulkItemOperations>();
        services.TryAddSingleton<ItemListQuery>();
        services.TryAddSingleton<DashboardStatsQuery>();
        services.TryAddSingleton<HourlyHistoryQuery>();
        services.TryAddSingleton<SystemJobsQuery>();
        services.TryAddScoped<ItemDetailQuery>();
        services.AddHostedService<NotificationListener>();
        return services;
    }
}
