using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;
using Workflow.Engine.Options;
using Workflow.Engine.Pool;

namespace Workflow.Engine.Scheduling;

/// <summary>Registers the node's two Quartz.NET schedulers and the jobs they run.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TJob"/> to the per-node scheduler: every node that runs workers fires it every
    /// <paramref name="interval"/> (read from the node's options at start, measured from the end of the previous
    /// run), never two firings at once. The job is resolved from the service provider at each firing, so it may take
    /// any registered service.
    /// </summary>
    public static IServiceCollection AddNodeJob<TJob>(this IServiceCollection services, Func<WorkflowOptions, TimeSpan> interval)
        where TJob : class, IJob
    {
        ArgumentNullException.ThrowIfNull(interval);
        services.TryAddTransient<TJob>();
        services.AddSingleton(new NodeJobRegistration(typeof(TJob), interval));
        return services;
    }

    /// <summary>
    /// Registers the per-node scheduler (in-memory store) and the cluster-wide scheduler (Quartz.NET's clustered
    /// ADO.NET store on PostgreSQL, reached through the <see cref="System.Data.Common.DbDataSource"/> keyed
    /// <see cref="SchedulerKeys.DataSourceKey"/>), and the cluster-wide jobs. Neither scheduler is built until a node
    /// with workers starts, so an API-only host never connects them.
    /// </summary>
    internal static IServiceCollection AddWorkflowSchedulers(this IServiceCollection services)
    {
        services.AddQuartz(SchedulerKeys.NodeScheduler, quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.ShutdownJobInterruption = ShutdownJobInterruption.Always);
            quartz.UseInMemoryStore();
        });
        services.AddQuartz(SchedulerKeys.ClusterScheduler, quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.ShutdownJobInterruption = ShutdownJobInterruption.Always);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(source => source.DataSourceServiceKey = SchedulerKeys.DataSourceKey);
                store.UseClustering(_ => { });
                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(ado =>
                {
                    ado.TablePrefix = SchedulerKeys.TablePrefix;

                    // The tables come from the EF Core migrations, so Quartz.NET only checks that they are there.
                    ado.SchemaProvisioning = SchemaProvisioning.Validate;
                });
            });
        });

        // Quartz.NET reads these per scheduler name. They are configured here, after AddQuartz, so they read the
        // node's bound options and win over the defaults AddQuartz registered.
        services.AddOptions<QuartzSchedulerOptions>(SchedulerKeys.ClusterScheduler)
            .Configure<NodeIdentity>((scheduler, node) => scheduler.InstanceId = node.NodeId.ToString());
        services.AddOptions<ThreadPoolOptions>(SchedulerKeys.NodeScheduler)
            .Configure<IOptions<WorkflowOptions>>((pool, options) => pool.MaxConcurrency = options.Value.Scheduler.NodeThreadCount);
        services.AddOptions<ThreadPoolOptions>(SchedulerKeys.ClusterScheduler)
            .Configure<IOptions<WorkflowOptions>>((pool, options) => pool.MaxConcurrency = options.Value.Scheduler.ClusterThreadCount);
        services.AddOptions<ClusteringOptions>(SchedulerKeys.ClusterScheduler)
            .Configure<IOptions<WorkflowOptions>>((clustering, options) =>
            {
                clustering.Enabled = true;
                clustering.CheckinInterval = options.Value.Scheduler.ClusterCheckinInterval;
                clustering.CheckinMisfireThreshold = options.Value.Scheduler.ClusterCheckinMisfireThreshold;
            });
        services.AddOptions<AdoJobStoreOptions>(SchedulerKeys.ClusterScheduler)
            .Configure<IOptions<WorkflowOptions>>((store, options) =>
            {
                store.MisfireThreshold = options.Value.Scheduler.MisfireThreshold;

                // After a database outage the store retries at this pace. Quartz.NET's default of 15 s would hold the
                // recovery sweep back that long after the database is back.
                store.DbRetryInterval = options.Value.Scheduler.ClusterCheckinInterval;
            });
        services.AddOptions<InMemoryJobStoreOptions>(SchedulerKeys.NodeScheduler)
            .Configure<IOptions<WorkflowOptions>>((store, options) => store.MisfireThreshold = options.Value.Scheduler.MisfireThreshold);

        services.TryAddTransient<RecoverySweepJob>();
        services.TryAddTransient<RetentionJob>();
        services.TryAddTransient<StatisticsRollupJob>();
        services.TryAddSingleton<JobRunRecorder>();
        services.TryAddSingleton<WorkflowSchedulers>();
        return services;
    }
}
