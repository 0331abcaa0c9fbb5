namespace Workflow.Persistence.Sql;

/// <summary>
/// Statements of <see cref="Operations.BulkItemOperations"/>. Each is one statement, fenced on state: PostgreSQL
/// checks the state condition again on the locked row, so an item whose state changed meanwhile is skipped.
/// </summary>
internal static class BulkOperationSql
{
    /// <summary>
    /// Puts dead and cancelled items of the id array $1 back to pending, due now, with a fresh attempt budget,
    /// and notifies their queues. Returns the number of items retried.
    /// </summary>
    public const string Retry = """
        WITH retried AS (
            UPDATE workflow.work_items
            SET state = 'pending',
                run_at = now(),
                failed_attempts = 0,
                finished_at = NULL,
                updated_at = now()
            WHERE id = ANY($1)
              AND state IN ('dead', 'cancelled')
            RETURNING queue
        ),
        notified AS (
            SELECT pg_notify('workflow_work', queue)
            FROM (SELECT DISTINCT queue FROM retried) AS queues
        )
        SELECT (SELECT count(*) FROM retried), (SELECT count(*) FROM notified)
        """;

    /// <summary>Makes the pending items of the id array $1 due now and notifies their queues. Returns how many changed.</summary>
    public const string RunNow = """
        WITH due AS (
            UPDATE workflow.work_items
            SET run_at = now(),
                updated_at = now()
            WHERE id = ANY($1)
              AND state = 'pending'
              AND run_at > now()
            RETURNING queue
        ),
        notified AS (
            SELECT pg_notify('workflow_work', queue)
            FROM (SELECT DISTINCT queue FROM due) AS queues
        )
        SELECT (SELECT count(*) FROM due), (SELECT count(*) FROM notified)
        """;

    /// <summary>
    /// Deletes the items of the id array $1 whose state is in the array $2, with their attempts (the foreign key
    /// cascades). Returns the number of items deleted.
    /// </summary>
    public const string Delete = """
        WITH deleted AS (
            DELETE FROM workflow.work_items
            WHERE id = ANY($1)
              AND state = ANY($2)
            RETURNING id
        )
        SELECT count(*)
        FROM deleted
        """;
}
