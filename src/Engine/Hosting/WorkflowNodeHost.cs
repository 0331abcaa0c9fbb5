using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Workflow.Engine.Options;

namespace Workflow.Engine.Hosting;

/// <summary>
/// Starts the <see cref="WorkflowNode"/> only when <see cref="WorkflowOptions.RunWorkers"/> is true, so an
/// API-only host builds none of the pool's services. The node starts leasing in <see cref="StartedAsync"/>, after
/// every hosted service has started.
/// </summary>
internal sealed class WorkflowNodeHost(IServiceProvider services, WorkflowOptions options) : IHostedLifecycleService, IDisposable
{
    private WorkflowNode? _node;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.RunWorkers)
        {
            return Task.CompletedTask;
        }

        _node = ActivatorUtilities.CreateInstance<WorkflowNode>(services);
        return _node.StartAsync(cancellationToken);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _node?.StartFetching();
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => _node?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _node?.Dispose();
}
