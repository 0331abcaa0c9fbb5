using Workflow.Engine.Model;
using Workflow.Engine.Storage;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>
/// A store that passes every call to <see cref="Inner"/>, the real store. A test overrides the one call it bends,
/// so a method added to <see cref="IWorkStore"/> needs forwarding here only.
/// </summary>
public abstract class ForwardingWorkStore : IWorkStore
{
    /// <summary>The store that handles every call not overridden; set before the node starts.</summary>
    public IWorkStore Inner { get; set; } = null!;

    public virtual Task RegisterNodeAsync(NodeRegistration node, CancellationToken cancellationToken)
        => Inner.RegisterNodeAsync(node, cancellationToken);

    public virtual Task<IReadOnlyList<LeaseReference>> HeartbeatAsync(
        Guid nodeId,
        NodeState state,
        string snapshotJson,
        IReadOnlyList<LeaseReference> leases,
        TimeSpan leaseDuration,
        CancellationToken cancellationToken)
        => Inner.HeartbeatAsync(nodeId, state, snapshotJson, leases, leaseDuration, cancellationToken);

    public virtual Task<IReadOnlyList<LeasedItem>> LeaseAsync(
        Guid nodeId,
        IReadOnlyList<string> queues,
        IReadOnlyList<string> kinds,
        int limit,
        TimeSpan leaseDuration,
        CancellationToken cancellationToken)
        => Inner.LeaseAsync(nodeId, queues, kinds, limit, leaseDuration, cancellationToken);

    public virtual Task<IReadOnlyList<LeasedItem>> LeaseByQueueAsync(
        Guid nodeId,
        IReadOnlyList<QueueQuota> quotas,
        IReadOnlyList<string> kinds,
        int limit,
        TimeSpan leaseDuration,
        CancellationToken cancellationToken)
        => Inner.LeaseByQueueAsync(nodeId, quotas, kinds, limit, leaseDuration, cancellationToken);

    public virtual Task<long> CountDueAsync(IReadOnlyList<QueueQuota> quotas, IReadOnlyList<string> kinds, CancellationToken cancellationToken)
        => Inner.CountDueAsync(quotas, kinds, cancellationToken);

    public virtual Task<IReadOnlyList<long>> RecordAttemptsAsync(
        Guid nodeId, IReadOnlyList<AttemptRecord> records, CancellationToken cancellationToken)
        => Inner.RecordAttemptsAsync(nodeId, records, cancellationToken);

    public virtual Task<RecoveryResult> RecoverAsync(TimeSpan nodeStaleAfter, int batchSize, CancellationToken cancellationToken)
        => Inner.RecoverAsync(nodeStaleAfter, batchSize, cancellationToken);

    public virtual Task SetNodeStateAsync(Guid nodeId, NodeState state, CancellationToken cancellationToken)
        => Inner.SetNodeStateAsync(nodeId, state, cancellationToken);

    public virtual bool IsTransient(Exception exception) => Inner.IsTransient(exception);
}
