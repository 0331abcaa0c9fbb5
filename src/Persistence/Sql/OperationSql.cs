namespace Workflow.Persistence.Sql;

/// <summary>Statements of <see cref="Operations.WorkItemOperations"/>.</summary>
internal static class OperationSql
{
    /// <summary>
    /// Cancels a pending or running item and returns its state before the cancel. Clearing the lease token
    /// fences out the node that runs it; that node's heartbeat then finds the lease lost and cancels the
    /// handler. The interrupted attempt is stored as cancelled. Parameter: item id.
    /// </summary>
    public const string Cancel = """
        WITH target AS (
            SELECT id, state, attempt, lease_token, leased_by, leased_at
            FROM workflow.work_items
            WHERE id = $1
            FOR UPDATE
        ),
        cancelled AS (
            UPDATE workflow.work_items AS w
            SET state = 'cancelled',
                lease_token = NULL,
                leased_by = NULL,
                leased_at = NULL,
                lease_expires_at = NULL,
                finished_at = now(),
                updated_at = now()
            FROM target AS t
            WHERE w.id = t.id
              AND t.state IN ('pending', 'running')
            RETURNING w.id
        ),
        inserted AS (
            INSERT INTO workflow.attempts (work_item_id, number, lease_token, node_id, started_at, finished_at,
                                           duration_ms, outcome, error_type, error_message)
            SELECT t.id, t.attempt, t.lease_token, t.leased_by, t.leased_at, now(),
                   extract(epoch FROM now() - t.leased_at) * 1000,
                   'cancelled', 'OperatorCancel', 'An operator cancelled the item while this attempt ran.'
            FROM target AS t
            JOIN cancelled ON cancelled.id = t.id
            WHERE t.state = 'running'
            ON CONFLICT (lease_token) DO NOTHING
        )
        SELECT t.state
        FROM target AS t
        """;

    /// <summary>
    /// Puts a dead or cancelled item back to pending, due now, with a fresh attempt budget; its attempt history
    /// stays. Returns its state before the retry. Parameter: item id.
    /// </summary>
    public const string Retry = """
        WITH target AS (
            SELECT id, state, queue
            FROM workflow.work_items
            WHERE id = $1
            FOR UPDATE
        ),
        retried AS (
            UPDATE workflow.work_items AS w
            SET state = 'pending',
                run_at = now(),
                failed_attempts = 0,
                finished_at = NULL,
                updated_at = now()
            FROM target AS t
            WHERE w.id = t.id
              AND t.state IN ('dead', 'cancelled')
            RETURNING w.id, w.queue
        ),
        notified AS (
            SELECT pg_notify('workflow_work', queue) FROM retried
        )
        SELECT t.state, (SELECT count(*) FROM notified)
        FROM target AS t
        """;

    /// <summary>
    /// Makes a pending item due now, so the next lease takes it; an item already due keeps its run_at. Returns its
    /// state before the change. Parameter: item id.
    /// </summary>
    public const string RunNow = """
        WITH target AS (
            SELECT id, state
            FROM workflow.work_items
            WHERE id = $1
            FOR UPDATE
        ),
        due AS (
            UPDATE workflow.work_items AS w
            SET run_at = now(),
                updated_at = now()
            FROM target AS t
            WHERE w.id = t.id
              AND t.state = 'pending'
              AND w.run_at > now()
            RETURNING w.queue
        ),
        notified AS (
            SELECT pg_notify('workflow_work', queue) FROM due
        )
        SELECT t.state, (SELECT count(*) FROM notified)
        FROM target AS t
        """;
}
