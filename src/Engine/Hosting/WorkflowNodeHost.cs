using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Workflow.Engine.Options;

namespace Workflow.Engine.Hosting;

/// <summary>
/// Starts the <see cref="WorkflowNode"/> only when <see cref="WorkflowOptions.RunWorkers"/> is true, so an
/// API-only host builds none of the pool's services.
/// </summary>
internal sealed class WorkflowNodeHost(IServiceProvider services, WorkflowOptions options) : IHostedService, IDisposable
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

    public Task StopAsync(CancellationToken cancellationToken) => _node?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public void Dispose() => _node?.Dispose();
}
