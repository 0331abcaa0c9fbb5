namespace Workflow.Persistence.Sql;

/// <summary>Statements of <see cref="Submission.WorkItemSubmitter"/>.</summary>
internal static class SubmissionSql
{
    public const string NotifyChannel = "workflow_work";

    /// <summary>
    /// Inserts a batch with one statement. Ids are drawn from the identity sequence up front so each input row
    /// keeps its id whether or not its idempotency key conflicts. Inserted queues are notified, which
    /// PostgreSQL delivers at commit. Tags arrive as one JSON array per item because unnest flattens 2-D arrays.
    /// </summary>
    public const string Insert = """
        WITH input AS (
            SELECT nextval(pg_get_serial_sequence('workflow.work_items', 'id')) AS id, i.*
            FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::double precision[],
                        $7::int[], $8::int[], $9::text[], $10::bytea[], $11::text[], $12::text[], $13::text[])
                WITH ORDINALITY
                AS i(kind, queue, payload, priority, run_at, delay_ms,
                     max_attempts, timeout_ms, idempotency_key, request_hash, tags, backoff, trace_parent, ordinal)
        ),
        inserted AS (
            INSERT INTO workflow.work_items (id, kind, queue, state, payload, priority, run_at, attempt, failed_attempts,
                                             max_attempts, timeout_ms, idempotency_key, request_hash, tags,
                                             backoff, trace_parent, created_at, updated_at)
            SELECT id, kind, queue, 'pending', payload::jsonb, priority,
                   COALESCE(run_at, now() + delay_ms * interval '1 millisecond'), 0, 0,
                   max_attempts, timeout_ms, idempotency_key, request_hash,
                   ARRAY(SELECT jsonb_array_elements_text(tags::jsonb)),
                   backoff::jsonb, trace_parent, now(), now()
            FROM input
            ORDER BY ordinal
            ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING id, queue
        ),
        notified AS (
            SELECT pg_notify('workflow_work', queue)
            FROM (SELECT DISTINCT queue FROM inserted) AS queues
        )
        SELECT i.id, inserted.id IS NOT NULL AS created, i.idempotency_key, (SELECT count(*) FROM notified)
        FROM input AS i
        LEFT JOIN inserted ON inserted.id = i.id
        ORDER BY i.ordinal
        """;

    /// <summary>
    /// Finds the items that own idempotency keys. Runs as its own statement so it sees an item that a concurrent
    /// submission committed while the insert waited on it.
    /// </summary>
    public const string FindByKeys = """
        SELECT idempotency_key, id, request_hash
        FROM workflow.work_items
        WHERE idempotency_key = ANY($1)
        """;
}
