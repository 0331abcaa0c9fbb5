using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Workflow.Engine.Circuits;
using Workflow.Engine.Handlers;
using Workflow.Engine.Health;
using Workflow.Engine.Hosting;
using Workflow.Engine.Metrics;
using Workflow.Engine.Options;
using Workflow.Engine.Pool;
using Workflow.Engine.Scaling;
using Workflow.Engine.Scheduling;

namespace Workflow.Engine;

/// <summary>Registers the engine and its handlers in a host's service collection.</summary>
public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine: options (validated at start), the handler registry and, when
    /// <see cref="WorkflowOptions.RunWorkers"/> is true, the node that runs work. A storage implementation of
    /// <see cref="Storage.IWorkStore"/> must be registered too.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, Action<WorkflowOptions>? configure = null)
    {
        var optionsBuilder = services.AddOptions<WorkflowOptions>().ValidateOnStart();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.PostConfigure(options =>
        {
            if (options.Queues.Count == 0)
            {
                options.Queues.Add(WorkflowOptions.DefaultQueue);
            }
        });

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkflowOptions>, WorkflowOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<WorkflowOptions>>().Value);
        services.TryAddSingleton<NodeIdentity>();
        services.TryAddSingleton<WorkSignal>();
        services.TryAddSingleton<NodeLiveness>();
        services.TryAddSingleton<HandlerRegistry>();
        services.TryAddSingleton<KindPolicies>();
        services.TryAddSingleton<CircuitRegistry>();
        services.AddMetrics();
        services.TryAddSingleton<BacklogGauge>();
        services.TryAddSingleton(sp => new WorkflowMetrics(
            sp.GetRequiredService<IMeterFactory>(),
            sp.GetRequiredService<WorkflowOptions>(),
            sp.GetRequiredService<HandlerRegistry>(),
            sp.GetRequiredService<BacklogGauge>(),
            // Resolved at each collection: the pool is built when the node starts, and never without workers.
            () => sp.GetRequiredService<WorkflowOptions>().RunWorkers ? sp.GetRequiredService<WorkerPool>() : null));
        services.TryAddSingleton<AttemptObserver>();
        services.TryAddSingleton<NodeHeartbeat>();
        services.TryAddSingleton<CircuitGate>();
        services.TryAddSingleton<AttemptRunner>();
        services.TryAddSingleton<AttemptHealthRecorder>();
        services.TryAddSingleton<OutcomeWriter>();
        services.TryAddSingleton<WorkerPool>();
        services.TryAddSingleton<HeartbeatLoop>();
        services.TryAddSingleton<RecoverySweep>();
        services.AddWorkflowSchedulers();
        services.TryAddSingleton<PoolScaler>();
        services.TryAddSingleton<PoolHealthMonitor>();
        services.AddHostedService<WorkflowNodeHost>();
        services.TryAddSingleton<PoolMaintenanceFailures>();
        services.AddNodeJob<PoolScalingJob>(options => options.Scaling.Interval);
        services.AddNodeJob<PoolHealthJob>(options => options.Health.Interval);
        return services;
    }

    /// <summary>Registers <typeparamref name="THandler"/> as the handler of <paramref name="kind"/>.</summary>
    public static IServiceCollection AddWorkHandler<THandler, TPayload>(
        this IServiceCollection services,
        string kind,
        Action<WorkKindOptions>? configure = null)
        where THandler : class, IWorkHandler<TPayload>
    {
        if (!WorkItemNames.IsValidName(kind))
        {
            throw new ArgumentException($"'{kind}' is not a valid kind name. {WorkItemNames.NameRule}", nameof(kind));
        }

        var kindOptions = new WorkKindOptions();
        configure?.Invoke(kindOptions);
        var failures = new List<string>();
        kindOptions.Backoff?.Validate($"{kind}:Backoff", failures);
        kindOptions.CircuitBreaker?.Validate($"{kind}:CircuitBreaker", failures);
        if (failures.Count > 0)
        {
            throw new ArgumentException($"The options of kind '{kind}' are invalid: {string.Join(" ", failures)}", nameof(configure));
        }

        services.TryAddScoped<THandler>();
        services.AddSingleton(WorkHandlerRegistration.Create<THandler, TPayload>(kind, kindOptions));
        return services;
    }
}
