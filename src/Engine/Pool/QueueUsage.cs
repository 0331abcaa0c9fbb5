namespace Workflow.Engine.Pool;

/// <summary>One queue of the node as the pool snapshot shows it.</summary>
/// <param name="Queue">The queue's name.</param>
/// <param name="Limit">Most items of the queue that run at once on this node; null when the queue has no limit.</param>
/// <param name="Leased">Items of the queue this node holds a lease on: waiting for a worker, running or being stored.</param>
/// <param name="Busy">Items of the queue running now.</param>
public sealed record QueueUsage(string Queue, int? Limit, int Leased, int Busy);
