namespace Workflow.Persistence.Sql;

/// <summary>
/// The hot-path statements of <see cref="PostgresWorkStore"/>. Times that decide lease expiry use the
/// database's <c>now()</c>, so nodes with skewed clocks agree on them.
/// </summary>
internal static class WorkStoreSql
{
    /// <summary>
    /// The lease itself, shared by both lease statements: it leases the rows of their <c>next</c> CTE with a fresh
    /// fencing token and returns the columns in the order <c>PostgresWorkStore</c> reads them. One text for both, so a
    /// column added for one lease path cannot be missing from the other. Parameters: $1 node, $5 lease duration in ms.
    /// </summary>
    private const string LeaseNext = """
        UPDATE workflow.work_items AS w
                SET state = 'running',
                    attempt = w.attempt + 1,
                    lease_token = gen_random_uuid(),
                    leased_by = $1,
                    leased_at = now(),
                    lease_expires_at = now() + $5 * interval '1 millisecond',
                    updated_at = now()
                FROM next
                WHERE w.id = next.id
                RETURNING w.id, w.kind, w.queue, w.payload::text, w.attempt, w.failed_attempts, w.max_attempts,
                          w.timeout_ms, w.lease_token, w.leased_at, w.created_at, w.priority, w.run_at,
                          w.backoff::text, w.trace_parent
        """;

    /// <summary>
    /// Leases due pending items in priority order. SKIP LOCKED lets concurrent nodes lease disjoint rows, and
    /// each lease gets a fresh fencing token. Parameters: node, queues, kinds, limit, lease duration in ms.
    /// The item's own backoff is returned next, so it is at hand if the attempt fails, and then the traceparent of
    /// the request that submitted it, for the attempt's span. The lease leaves run_at as it was: it is the time the
    /// item became due, which the node measures its queue wait from and the outcome's write stores on the attempt.
    /// </summary>
    public const string Lease = $$"""
        WITH next AS (
            SELECT id
            FROM workflow.work_items
            WHERE state = 'pending'
              AND run_at <= now()
              AND queue = ANY($2)
              AND kind = ANY($3)
            ORDER BY priority, run_at, id
            LIMIT $4
            FOR UPDATE SKIP LOCKED
        )
        {{LeaseNext}}
        """;

    /// <summary>
    /// Leases like <see cref="Lease"/>, but takes at most a quota of items from each queue: each queue's due items are
    /// walked on their own, up to its quota, and the outer LIMIT keeps the overall lease order across queues. Rows a
    /// queue locked beyond the outer LIMIT stay pending and are unlocked when the statement ends. Parameters: node,
    /// queues, kinds, limit, lease duration in ms, quota per queue.
    /// </summary>
    public const string LeaseByQueue = $$"""
        WITH quota AS (
            SELECT *
            FROM unnest($2::text[], $6::int[]) AS q(queue, quota)
        ),
        next AS (
            SELECT c.id
            FROM quota AS q
            CROSS JOIN LATERAL (
                SELECT id, priority, run_at
                FROM workflow.work_items
                WHERE state = 'pending'
                  AND run_at <= now()
                  AND queue = q.queue
                  AND kind = ANY($3)
                ORDER BY priority, run_at, id
                LIMIT q.quota
                FOR UPDATE SKIP LOCKED
            ) AS c
            ORDER BY c.priority, c.run_at, c.id
            LIMIT $4
        )
        {{LeaseNext}}
        """;

    /// <summary>
    /// Counts due pending items of the given kinds, at most a quota per queue, so a deep queue costs no more than
    /// its quota. Parameters: queues, quota per queue, kinds.
    /// </summary>
    public const string CountDue = """
        SELECT count(*)
        FROM unnest($1::text[], $2::int[]) AS q(queue, quota)
        CROSS JOIN LATERAL (
            SELECT 1
            FROM workflow.work_items
            WHERE state = 'pending'
              AND run_at <= now()
              AND queue = q.queue
              AND kind = ANY($3)
            LIMIT q.quota
        ) AS due
        """;

    /// <summary>
    /// Stores a batch of attempt outcomes. The item update only matches rows whose lease token is still the
    /// one the node holds; the attempt insert stores every started attempt, as abandoned where the update did
    /// not match, and skips attempts that recovery or a cancel already stored. Returns the fenced-out ids.
    /// The node sends each item's due time as it read it at the lease, so the insert needs no second look at the item.
    /// </summary>
    public const string RecordAttempts = """
        WITH input AS (
            SELECT *
            FROM unnest($2::bigint[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::timestamptz[],
                        $8::boolean[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
                        $14::timestamptz[], $15::timestamptz[], $16::boolean[], $17::timestamptz[])
                AS i(id, token, attempt, outcome, next_state, next_run_at,
                     counts_failure, result, error_category, error_type, error_message, error_stack,
                     started_at, finished_at, started, due_at)
        ),
        updated AS (
            UPDATE workflow.work_items AS w
            SET state = i.next_state,
                run_at = COALESCE(i.next_run_at, w.run_at),
                attempt = CASE WHEN i.started THEN w.attempt ELSE w.attempt - 1 END,
                failed_attempts = w.failed_attempts + CASE WHEN i.counts_failure THEN 1 ELSE 0 END,
                result = CASE WHEN i.next_state = 'succeeded' THEN i.result::jsonb ELSE w.result END,
                last_error = COALESCE(i.error_message, w.last_error),
                last_error_category = COALESCE(i.error_category, w.last_error_category),
                lease_token = NULL,
                leased_by = NULL,
                leased_at = NULL,
                lease_expires_at = NULL,
                finished_at = CASE WHEN i.next_state IN ('succeeded', 'dead', 'cancelled') THEN now() END,
                updated_at = now()
            FROM input AS i
            WHERE w.id = i.id
              AND w.lease_token = i.token
            RETURNING w.id
        ),
        inserted AS (
            INSERT INTO workflow.attempts (work_item_id, number, lease_token, node_id, started_at, finished_at,
                                           duration_ms, outcome, error_category, error_type, error_message, error_stack,
                                           due_at)
            SELECT i.id, i.attempt, i.token, $1, i.started_at, i.finished_at,
                   extract(epoch FROM i.finished_at - i.started_at) * 1000,
                   CASE WHEN u.id IS NULL THEN 'abandoned' ELSE i.outcome END,
                   CASE WHEN u.id IS NULL THEN 'transient' ELSE i.error_category END,
                   CASE WHEN u.id IS NULL THEN 'LeaseLost' ELSE i.error_type END,
                   CASE WHEN u.id IS NULL THEN 'The node lost the lease before it stored this attempt; its outcome ('
                                               || i.outcome || ') was discarded.'
                        ELSE i.error_message END,
                   CASE WHEN u.id IS NULL THEN NULL ELSE i.error_stack END,
                   CASE WHEN u.id IS NULL THEN NULL ELSE i.due_at END
            FROM input AS i
            LEFT JOIN updated AS u ON u.id = i.id
            WHERE i.started
            ON CONFLICT (lease_token) DO NOTHING
        )
        SELECT i.id
        FROM input AS i
        LEFT JOIN updated AS u ON u.id = i.id
        WHERE u.id IS NULL
        """;

    /// <summary>Refreshes the node row. Parameters: node, state, snapshot.</summary>
    public const string TouchNode = """
        UPDATE workflow.nodes
        SET heartbeat_at = now(),
            state = $2,
            snapshot = $3::jsonb
        WHERE id = $1
        """;

    /// <summary>Extends the leases the node still holds and returns their tokens. Parameters: ids, tokens, lease duration in ms.</summary>
    public const string ExtendLeases = """
        UPDATE workflow.work_items AS w
        SET lease_expires_at = now() + $3 * interval '1 millisecond'
        FROM unnest($1::bigint[], $2::uuid[]) AS l(id, token)
        WHERE w.id = l.id
          AND w.lease_token = l.token
        RETURNING w.lease_token
        """;

    /// <summary>Inserts or refreshes a node row as running. Parameters: node, host, process id, queues.</summary>
    public const string RegisterNode = """
        INSERT INTO workflow.nodes (id, host, process_id, queues, state, started_at, heartbeat_at, snapshot)
        VALUES ($1, $2, $3, $4, 'running', now(), now(), '{}'::jsonb)
        ON CONFLICT (id) DO UPDATE
        SET state = 'running',
            heartbeat_at = now()
        """;

    /// <summary>Sets a node's state. Parameters: node, state.</summary>
    public const string SetNodeState = """
        UPDATE workflow.nodes
        SET state = $2,
            heartbeat_at = now()
        WHERE id = $1
        """;

    /// <summary>Marks nodes with a stale heartbeat as dead. Parameter: staleness in ms.</summary>
    public const string MarkStaleNodesDead = """
        UPDATE workflow.nodes
        SET state = 'dead'
        WHERE state IN ('running', 'draining')
          AND heartbeat_at < now() - $1 * interval '1 millisecond'
        """;

    /// <summary>
    /// Releases running items whose lease expired or whose node is dead, stopped or unknown, stores each
    /// interrupted attempt as abandoned (counted as a failure), and returns how many were released and how
    /// many of them are now dead. Parameter: batch size.
    /// </summary>
    public const string ReleaseAbandoned = """
        WITH expired AS (
            SELECT w.id, w.attempt, w.lease_token, w.leased_by, w.leased_at, w.run_at,
                   w.lease_expires_at < now() AS lease_expired
            FROM workflow.work_items AS w
            LEFT JOIN workflow.nodes AS n ON n.id = w.leased_by
            WHERE w.state = 'running'
              AND (w.lease_expires_at < now() OR n.id IS NULL OR n.state IN ('dead', 'stopped'))
            ORDER BY w.lease_expires_at
            LIMIT $1
            FOR UPDATE OF w SKIP LOCKED
        ),
        released AS (
            UPDATE workflow.work_items AS w
            SET state = CASE WHEN w.failed_attempts + 1 >= w.max_attempts THEN 'dead' ELSE 'pending' END,
                failed_attempts = w.failed_attempts + 1,
                run_at = now(),
                last_error = 'The attempt was abandoned: its node died or stopped heartbeating before it finished.',
                last_error_category = 'transient',
                lease_token = NULL,
                leased_by = NULL,
                leased_at = NULL,
                lease_expires_at = NULL,
                finished_at = CASE WHEN w.failed_attempts + 1 >= w.max_attempts THEN now() END,
                updated_at = now()
            FROM expired AS e
            WHERE w.id = e.id
            RETURNING w.id, w.state
        ),
        inserted AS (
            INSERT INTO workflow.attempts (work_item_id, number, lease_token, node_id, started_at, finished_at,
                                           duration_ms, outcome, error_category, error_type, error_message, due_at)
            SELECT e.id, e.attempt, e.lease_token, e.leased_by, e.leased_at, now(),
                   extract(epoch FROM now() - e.leased_at) * 1000,
                   'abandoned', 'transient',
                   CASE WHEN e.lease_expired THEN 'LeaseExpired' ELSE 'NodeDead' END,
                   CASE WHEN e.lease_expired THEN 'The lease expired before the node stored an outcome.'
                        ELSE 'The node died or stopped before it stored an outcome.' END,
                   e.run_at
            FROM expired AS e
            ON CONFLICT (lease_token) DO NOTHING
        )
        SELECT count(*)::int, (count(*) FILTER (WHERE state = 'dead'))::int
        FROM released
        """;
}
