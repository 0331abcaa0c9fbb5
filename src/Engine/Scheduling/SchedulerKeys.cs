namespace Workflow.Engine.Scheduling;

/// <summary>Names that tie the node's Quartz.NET schedulers to their registrations and to the database.</summary>
public static class SchedulerKeys
{
    /// <summary>The per-node scheduler, with an in-memory store: its jobs run on every node.</summary>
    public const string NodeScheduler = "workflow-node";

    /// <summary>
    /// The cluster-wide scheduler. Quartz.NET stores this name with every row, and nodes with the same name on the
    /// same database form one cluster, so it is fixed.
    /// </summary>
    public const string ClusterScheduler = "workflow-cluster";

    /// <summary>
    /// Service key of the <see cref="System.Data.Common.DbDataSource"/> the cluster-wide scheduler and the maintenance
    /// jobs use. The storage implementation registers it, so the engine needs no database driver.
    /// </summary>
    public const string DataSourceKey = "Workflow.Scheduler";

    /// <summary>Prefix of Quartz.NET's tables, which live in the <c>workflow</c> schema beside the engine's.</summary>
    public const string TablePrefix = "workflow.qrtz_";
}
