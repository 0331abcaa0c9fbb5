using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Options;
using Workflow.Engine.Pool;

namespace Workflow.Engine.Hosting;

/// <summary>
/// This node's heartbeat as readiness checks see it. A host that runs workers is current while its last
/// successful heartbeat is younger than the age at which the node stops leasing (the smaller of
/// <see cref="WorkflowOptions.LeaseDuration"/> and <see cref="WorkflowOptions.NodeStaleAfter"/>). A host with
/// <see cref="WorkflowOptions.RunWorkers"/> false sends no heartbeat, so it has nothing to be late with.
/// </summary>
public sealed class NodeHeartbeat(IServiceProvider services, WorkflowOptions options)
{
    /// <summary>Reads the heartbeat's current age and the limit it is held to.</summary>
    public HeartbeatStatus Read()
    {
        if (!options.RunWorkers)
        {
            return new HeartbeatStatus(false, null, null);
        }

        // The same instance as the node's: it is a singleton that the node resolves when it is built.
        var liveness = services.GetRequiredService<NodeLiveness>();
        return new HeartbeatStatus(true, liveness.HeartbeatAge, liveness.MaxHeartbeatAge);
    }
}

/// <summary>
/// A reading of <see cref="NodeHeartbeat"/>: whether the host runs workers and, when it does, the age of the last
/// successful heartbeat and the age beyond which it is no longer current.
/// </summary>
public sealed record HeartbeatStatus(bool RunsWorkers, TimeSpan? Age, TimeSpan? MaxAge)
{
    /// <summary>True when the host runs no workers, or its last successful heartbeat is younger than <see cref="MaxAge"/>.</summary>
    public bool IsCurrent => !RunsWorkers || Age < MaxAge;
}
