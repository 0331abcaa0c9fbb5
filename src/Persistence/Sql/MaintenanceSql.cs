namespace Workflow.Persistence.Sql;

/// <summary>
/// The statements of <see cref="PostgresMaintenanceStore"/>. Ages are compared with the database's <c>now()</c>, so
/// nodes with skewed clocks delete and count the same rows.
/// </summary>
internal static class MaintenanceSql
{
    /// <summary>
    /// Deletes one batch of old finished items and their attempts. SKIP LOCKED leaves rows that an operator action
    /// has locked for the next run, and the attempts go first in the same statement, so the foreign key's cascade finds
    /// nothing left to do row by row. Parameters: max age in ms, batch size.
    /// </summary>
    public const string DeleteFinishedItems = """
        WITH doomed AS (
            SELECT id
            FROM workflow.work_items
            WHERE state IN ('succeeded', 'dead', 'cancelled')
              AND finished_at < now() - $1 * interval '1 millisecond'
            ORDER BY finished_at
            LIMIT $2
            FOR UPDATE SKIP LOCKED
        ),
        attempts_deleted AS (
            DELETE FROM workflow.attempts AS a
            USING doomed AS d
            WHERE a.work_item_id = d.id
        )
        DELETE FROM workflow.work_items AS w
        USING doomed AS d
        WHERE w.id = d.id
        """;

    /// <summary>Deletes one batch of old job runs. Parameters: max age in ms, batch size.</summary>
    public const string DeleteJobRuns = """
        DELETE FROM workflow.job_runs
        WHERE id IN (
            SELECT id
            FROM workflow.job_runs
            WHERE started_at < now() - $1 * interval '1 millisecond'
            ORDER BY started_at
            LIMIT $2
        )
        """;

    /// <summary>Deletes one batch of old per-minute statistics. Parameters: max age in ms, batch size.</summary>
    public const string DeleteStatistics = """
        DELETE FROM workflow.stats_minutes AS s
        USING (
            SELECT minute, kind, queue
            FROM workflow.stats_minutes
            WHERE minute < now() - $1 * interval '1 millisecond'
            ORDER BY minute
            LIMIT $2
        ) AS old
        WHERE s.minute = old.minute
          AND s.kind = old.kind
          AND s.queue = old.queue
        """;

    /// <summary>
    /// Counts the attempts of the closed minutes in the lookback window per minute, kind and queue, replaces the
    /// stored rows of those minutes and removes rows of groups that no longer have attempts there. The current
    /// minute is left out until it has closed. Returns the rows written plus the rows removed. Parameter: lookback in ms.
    /// </summary>
    public const string RollUpStatistics = """
        WITH bounds AS (
            SELECT date_trunc('minute', now()) AS until,
                   date_trunc('minute', now() - $1 * interval '1 millisecond') AS since
        ),
        counted AS (
            SELECT date_trunc('minute', a.finished_at) AS minute,
                   w.kind,
                   w.queue,
                   count(*)::int AS attempts,
                   (count(*) FILTER (WHERE a.outcome = 'succeeded'))::int AS succeeded,
                   (count(*) FILTER (WHERE a.outcome IN ('failed', 'timed_out', 'abandoned')))::int AS failed,
                   (count(*) FILTER (WHERE a.outcome IN ('failed', 'timed_out', 'abandoned')
                                       AND (w.state IN ('pending', 'running') OR w.attempt > a.number)))::int AS retried,
                   (count(*) FILTER (WHERE a.outcome IN ('failed', 'timed_out', 'abandoned')
                                       AND w.state = 'dead'
                                       AND w.attempt = a.number))::int AS dead,
                   (count(*) FILTER (WHERE a.outcome = 'cancelled'))::int AS cancelled,
                   sum(a.duration_ms) AS duration_sum_ms,
                   max(a.duration_ms) AS duration_max_ms
            FROM workflow.attempts AS a
            JOIN workflow.work_items AS w ON w.id = a.work_item_id
            CROSS JOIN bounds AS b
            WHERE a.finished_at >= b.since
              AND a.finished_at < b.until
            GROUP BY 1, 2, 3
        ),
        removed AS (
            DELETE FROM workflow.stats_minutes AS s
            USING bounds AS b
            WHERE s.minute >= b.since
              AND s.minute < b.until
              AND NOT EXISTS (
                  SELECT 1
                  FROM counted AS c
                  WHERE c.minute = s.minute
                    AND c.kind = s.kind
                    AND c.queue = s.queue)
            RETURNING 1
        ),
        written AS (
            INSERT INTO workflow.stats_minutes (minute, kind, queue, attempts, succeeded, failed, retried, dead, cancelled,
                                                duration_sum_ms, duration_max_ms)
            SELECT minute, kind, queue, attempts, succeeded, failed, retried, dead, cancelled, duration_sum_ms, duration_max_ms
            FROM counted
            ON CONFLICT (minute, kind, queue) DO UPDATE
            SET attempts = excluded.attempts,
                succeeded = excluded.succeeded,
                failed = excluded.failed,
                retried = excluded.retried,
                dead = excluded.dead,
                cancelled = excluded.cancelled,
                duration_sum_ms = excluded.duration_sum_ms,
                duration_max_ms = excluded.duration_max_ms
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM written)::int + (SELECT count(*) FROM removed)::int
        """;

    /// <summary>
    /// Stores the start of a job run. Parameters: job name, fire instance id, node, scheduled time, start time.
    /// </summary>
    public const string RecordJobStarted = """
        INSERT INTO workflow.job_runs (job_name, fire_instance_id, node_id, scheduled_at, started_at, outcome)
        VALUES ($1, $2, $3, $4, $5, 'running')
        ON CONFLICT (node_id, fire_instance_id) DO NOTHING
        """;

    /// <summary>
    /// Stores the end of a job run, and the whole run when its start was not stored. Parameters: job name, fire
    /// instance id, node, scheduled time, start time, end time, outcome, rows affected, error.
    /// </summary>
    public const string RecordJobFinished = """
        INSERT INTO workflow.job_runs (job_name, fire_instance_id, node_id, scheduled_at, started_at, finished_at,
                                       outcome, rows_affected, error)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (node_id, fire_instance_id) DO UPDATE
        SET finished_at = excluded.finished_at,
            outcome = excluded.outcome,
            rows_affected = excluded.rows_affected,
            error = excluded.error
        """;
}
