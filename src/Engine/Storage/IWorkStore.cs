using Workflow.Engine.Model;

namespace Workflow.Engine.Storage;

/// <summary>
/// The engine's storage port: every read and write the worker pool, heartbeat and recovery make. The engine
/// only talks to storage through this interface, so it contains no SQL and no database driver.
/// Times that decide lease expiry come from the database clock, so nodes with skewed clocks agree.
/// </summary>
public interface IWorkStore
{
    /// <summary>Inserts or refreshes this node's row with state <c>running</c>.</summary>
    Task RegisterNodeAsync(NodeRegistration node, CancellationToken cancellationToken);

    /// <summary>
    /// Updates the node row (heartbeat, state, pool snapshot) and extends the leases this node still holds.
    /// Returns the leases that were not extended because the node no longer holds them.
    /// </summary>
    Task<IReadOnlyList<LeaseReference>> HeartbeatAsync(
        Guid nodeId,
        NodeState state,
        string snapshotJson,
        IReadOnlyList<LeaseReference> leases,
        TimeSpan leaseDuration,
        CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="limit"/> due pending items of <paramref name="queues"/> and
    /// <paramref name="kinds"/> in one statement, ordered by priority, run_at and id, skipping rows other nodes
    /// have locked.
    /// </summary>
    Task<IReadOnlyList<LeasedItem>> LeaseAsync(
        Guid nodeId,
        IReadOnlyList<string> queues,
        IReadOnlyList<string> kinds,
        int limit,
        TimeSpan leaseDuration,
        CancellationToken cancellationToken);

    /// <summary>
    /// Leases like <see cref="LeaseAsync"/>, in the same order and up to <paramref name="limit"/> items in all, but
    /// takes at most <see cref="QueueQuota.Limit"/> items of each quota's queue, and only from those queues.
    /// </summary>
    Task<IReadOnlyList<LeasedItem>> LeaseByQueueAsync(
        Guid nodeId,
        IReadOnlyList<QueueQuota> quotas,
        IReadOnlyList<string> kinds,
        int limit,
        TimeSpan leaseDuration,
        CancellationToken cancellationToken);

    /// <summary>
    /// Counts the due pending items of <paramref name="kinds"/> in the quotas' queues, counting at most
    /// <see cref="QueueQuota.Limit"/> items per queue, so the cost stays bounded however deep a queue is.
    /// </summary>
    Task<long> CountDueAsync(IReadOnlyList<QueueQuota> quotas, IReadOnlyList<string> kinds, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a batch of attempt outcomes in one round trip, fenced by each lease token.
    /// Returns the ids of the items whose lease this node had lost: their outcome changed nothing and their
    /// attempt is stored as abandoned (unless recovery or a cancel already stored that attempt).
    /// </summary>
    Task<IReadOnlyList<long>> RecordAttemptsAsync(
        Guid nodeId,
        IReadOnlyList<AttemptRecord> records,
        CancellationToken cancellationToken);

    /// <summary>
    /// Marks nodes with a heartbeat older than <paramref name="nodeStaleAfter"/> as dead, and releases up to
    /// <paramref name="batchSize"/> running items whose lease expired or whose node is dead or stopped. Each
    /// released attempt is stored as abandoned and counts towards max attempts.
    /// </summary>
    Task<RecoveryResult> RecoverAsync(TimeSpan nodeStaleAfter, int batchSize, CancellationToken cancellationToken);

    /// <summary>
    /// Returns true when <paramref name="exception"/> is a storage error worth retrying as it is (a lost
    /// connection, a restart, a serialization failure), and false when the database rejected the data itself.
    /// </summary>
    bool IsTransient(Exception exception);

    /// <summary>Sets the node's state, for example to <c>draining</c> or <c>stopped</c> at shutdown.</summary>
    Task SetNodeStateAsync(Guid nodeId, NodeState state, CancellationToken cancellationToken);
}
