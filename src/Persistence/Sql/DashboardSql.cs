namespace Workflow.Persistence.Sql;

/// <summary>Fixed statements of the dashboard's read models in <see cref="Dashboard"/>.</summary>
internal static class DashboardSql
{
    /// <summary>
    /// Item counts per state, each through an index-only walk of its range of the (state, id) index that stops after
    /// $1 rows. A plain GROUP BY reads the whole table, which took 140 to 200 ms on 1,000,000 rows on a 2-core
    /// development machine (EXPLAIN ANALYZE, PostgreSQL 15).
    /// </summary>
    public const string CountByStateCapped = """
        SELECT s.state,
               (SELECT count(*)
                FROM (SELECT 1
                      FROM workflow.work_items AS w
                      WHERE w.state = s.state
                      LIMIT $1) AS capped)
        FROM unnest(ARRAY['pending', 'running', 'succeeded', 'dead', 'cancelled']) AS s(state)
        """;

    /// <summary>
    /// Attempts finished per second in the last <c>$1</c> seconds, through the index on attempts(finished_at). Failed
    /// counts failed, timed_out and abandoned attempts, and cancelled ones count as neither.
    /// </summary>
    public const string RatesPerSecond = """
        SELECT floor(extract(epoch FROM finished_at))::bigint AS second,
               count(*) FILTER (WHERE outcome = 'succeeded') AS succeeded,
               count(*) FILTER (WHERE outcome IN ('failed', 'timed_out', 'abandoned')) AS failed
        FROM workflow.attempts
        WHERE finished_at >= now() - make_interval(secs => $1)
        GROUP BY 1
        ORDER BY 1
        """;

    /// <summary>The database clock in whole seconds since the Unix epoch.</summary>
    public const string NowSeconds = "SELECT floor(extract(epoch FROM now()))::bigint";

    /// <summary>
    /// Pending items per queue and kind, split into those due now and those scheduled later. It walks the pending
    /// partial index, so its cost grows with the pending set.
    /// </summary>
    public const string Backlog = """
        SELECT queue, kind,
               count(*) FILTER (WHERE run_at <= now()) AS ready,
               count(*) FILTER (WHERE run_at > now()) AS scheduled
        FROM workflow.work_items
        WHERE state = 'pending'
        GROUP BY queue, kind
        """;

    /// <summary>Running items per queue and kind.</summary>
    public const string Running = """
        SELECT queue, kind, count(*)
        FROM workflow.work_items
        WHERE state = 'running'
        GROUP BY queue, kind
        """;

    /// <summary>
    /// Attempts per queue and kind finished in the last <c>$1</c> seconds, by outcome, through the index on
    /// attempts(finished_at).
    /// </summary>
    public const string RecentAttempts = """
        SELECT w.queue, w.kind,
               count(*) FILTER (WHERE a.outcome = 'succeeded') AS succeeded,
               count(*) FILTER (WHERE a.outcome IN ('failed', 'timed_out', 'abandoned')) AS failed
        FROM workflow.attempts AS a
        JOIN workflow.work_items AS w ON w.id = a.work_item_id
        WHERE a.finished_at >= now() - make_interval(secs => $1)
        GROUP BY w.queue, w.kind
        """;

    /// <summary>
    /// Succeeded and failed attempts per hour for the last <c>$1</c> hours, the current hour last, from the per-minute
    /// statistics. Hours are whole UTC hours, and an hour without rows comes out as zeros. The range walks the primary
    /// key, whose first column is the minute: 7 days cost 10,080 index entries per kind and queue.
    /// </summary>
    public const string HourlyHistory = """
        WITH hours AS (
            SELECT generate_series(
                       date_trunc('hour', now(), 'UTC') - ($1 - 1) * interval '1 hour',
                       date_trunc('hour', now(), 'UTC'),
                       interval '1 hour') AS hour
        ),
        counted AS (
            SELECT date_trunc('hour', s.minute, 'UTC') AS hour,
                   sum(s.succeeded)::bigint AS succeeded,
                   sum(s.failed)::bigint AS failed
            FROM workflow.stats_minutes AS s
            WHERE s.minute >= date_trunc('hour', now(), 'UTC') - ($1 - 1) * interval '1 hour'
            GROUP BY 1
        )
        SELECT h.hour,
               coalesce(c.succeeded, 0),
               coalesce(c.failed, 0)
        FROM hours AS h
        LEFT JOIN counted AS c ON c.hour = h.hour
        ORDER BY h.hour
        """;

    /// <summary>
    /// The start of the latest succeeded run of job <c>$1</c>, through the index on job_runs(job_name, scheduled_at).
    /// </summary>
    public const string LastSucceededRun = """
        SELECT started_at
        FROM workflow.job_runs
        WHERE job_name = $1
          AND outcome = 'succeeded'
        ORDER BY scheduled_at DESC
        LIMIT 1
        """;
}
