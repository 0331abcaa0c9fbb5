using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Scheduling;

/// <summary>Writes work items and attempts straight into the tables, with the ages the maintenance tests need.</summary>
internal static class MaintenanceRows
{
    /// <summary>
    /// Inserts an item in <paramref name="state"/> and returns its id. A finished item gets <c>finished_at</c>
    /// <paramref name="finishedAgo"/> before the database's now; a running item gets a lease that outlives the test.
    /// </summary>
    public static Task<long> InsertItemAsync(
        this DatabaseFixture database, string kind, string queue, string state, int attempt, TimeSpan? finishedAgo = null)
    {
        var finishedAt = finishedAgo is { } ago ? $"now() - interval '{ago.TotalSeconds} seconds'" : "NULL";
        var lease = state == "running"
            ? "gen_random_uuid(), gen_random_uuid(), now(), now() + interval '1 day'"
            : "NULL, NULL, NULL, NULL";
        return database.ScalarAsync<long>(
            "INSERT INTO workflow.work_items (kind, queue, state, payload, priority, run_at, attempt, failed_attempts, " +
            "max_attempts, finished_at, lease_token, leased_by, leased_at, lease_expires_at) " +
            $"VALUES ($1, $2, $3, '{{}}'::jsonb, 0, now(), $4, 0, 10, {finishedAt}, {lease}) RETURNING id",
            kind,
            queue,
            state,
            attempt);
    }

    /// <summary>Inserts a finished attempt of <paramref name="itemId"/> that ended at <paramref name="finishedAt"/>.</summary>
    public static Task InsertAttemptAsync(
        this DatabaseFixture database, long itemId, int number, string outcome, DateTime finishedAt, double durationMs)
        => database.ExecuteAsync(
            "INSERT INTO workflow.attempts (work_item_id, number, lease_token, started_at, finished_at, duration_ms, outcome) " +
            "VALUES ($1, $2, gen_random_uuid(), $3 - $4 * interval '1 millisecond', $3, $4, $5)",
            itemId,
            number,
            finishedAt,
            durationMs,
            outcome);
}
