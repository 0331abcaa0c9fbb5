namespace Workflow.Persistence.Sql;

/// <summary>
/// Statements of <see cref="Dashboard.SystemJobsQuery"/>. They read Quartz.NET's tables (prefix
/// <c>workflow.qrtz_</c>), where times are UTC ticks and intervals whole milliseconds, and the engine's job runs.
/// </summary>
internal static class SystemJobSql
{
    /// <summary>The columns of a job run, in the order <see cref="Dashboard.SystemJobsQuery"/> reads them.</summary>
    private const string RunColumns = "r.id, r.job_name, r.node_id, n.host, r.scheduled_at, r.started_at, r.finished_at, r.outcome, r.rows_affected, r.error";

    /// <summary>
    /// The triggers of scheduler <c>$1</c> with their interval, next and previous fire time and state, and each job's
    /// latest run by scheduled time through the index on job_runs(job_name, scheduled_at).
    /// </summary>
    public const string Jobs = $"""
        SELECT t.job_name,
               s.repeat_interval,
               t.next_fire_time,
               t.prev_fire_time,
               t.trigger_state,
               {RunColumns}
        FROM workflow.qrtz_triggers AS t
        LEFT JOIN workflow.qrtz_simple_triggers AS s
               ON s.sched_name = t.sched_name
              AND s.trigger_name = t.trigger_name
              AND s.trigger_group = t.trigger_group
        LEFT JOIN LATERAL (
            SELECT *
            FROM workflow.job_runs AS j
            WHERE j.job_name = t.job_name
            ORDER BY j.scheduled_at DESC, j.id DESC
            LIMIT 1
        ) AS r ON true
        LEFT JOIN workflow.nodes AS n ON n.id = r.node_id
        WHERE t.sched_name = $1
        ORDER BY t.job_name
        """;

    /// <summary>The latest <c>$1</c> runs of every job, newest start first, through the index on job_runs(started_at).</summary>
    public const string RecentRuns = $"""
        SELECT {RunColumns}
        FROM workflow.job_runs AS r
        LEFT JOIN workflow.nodes AS n ON n.id = r.node_id
        ORDER BY r.started_at DESC, r.id DESC
        LIMIT $1
        """;

    /// <summary>
    /// The latest <c>$2</c> runs of job <c>$1</c>, newest scheduled time first, through the index on
    /// job_runs(job_name, scheduled_at).
    /// </summary>
    public const string RecentRunsOfJob = $"""
        SELECT {RunColumns}
        FROM workflow.job_runs AS r
        LEFT JOIN workflow.nodes AS n ON n.id = r.node_id
        WHERE r.job_name = $1
        ORDER BY r.scheduled_at DESC, r.id DESC
        LIMIT $2
        """;
}
