namespace Workflow.Engine.Storage;

/// <summary>One firing of a cluster-wide job on one node, as stored in <c>workflow.job_runs</c>.</summary>
/// <param name="JobName">The Quartz.NET job key's name, such as <c>recovery-sweep</c>.</param>
/// <param name="FireInstanceId">Quartz.NET's id of this firing, unique per node.</param>
/// <param name="NodeId">The node that ran it.</param>
/// <param name="ScheduledAt">When the trigger was due; two nodes never run the same due time of one job.</param>
/// <param name="StartedAt">When the node started it, by the node's clock.</param>
public sealed record JobRun(string JobName, string FireInstanceId, Guid NodeId, DateTimeOffset ScheduledAt, DateTimeOffset StartedAt);
