using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Browser;

/// <summary>
/// Writes rows of <c>workflow.stats_minutes</c> as the statistics rollup would, for history the test server cannot
/// produce in its lifetime. The rollup rewrites the minutes of its lookback window (1 h by default) from the attempts
/// table and removes rows without attempts there, so rows older than that window stay as written.
/// </summary>
internal static class StatisticsRows
{
    /// <summary>Returns the start of the UTC hour that began <paramref name="hoursAgo"/> hours before the database's clock.</summary>
    public static Task<DateTime> HourAsync(DatabaseFixture database, int hoursAgo)
        => database.ScalarAsync<DateTime>(
            "SELECT date_trunc('hour', now() - make_interval(hours => $1), 'UTC')", hoursAgo);

    /// <summary>Stores one minute of attempts of a kind in the default queue, replacing a row of the same minute.</summary>
    public static Task InsertAsync(DatabaseFixture database, DateTime minute, string kind, int succeeded, int failed)
        => database.ExecuteAsync(
            """
            INSERT INTO workflow.stats_minutes (minute, kind, queue, attempts, succeeded, failed, retried, dead, cancelled,
                                                duration_sum_ms, duration_max_ms)
            VALUES ($1, $2, 'default', $3 + $4, $3, $4, $4, 0, 0, ($3 + $4) * 12.5, 80)
            ON CONFLICT (minute, kind, queue) DO UPDATE
            SET attempts = excluded.attempts,
                succeeded = excluded.succeeded,
                failed = excluded.failed,
                retried = excluded.retried
            """,
            minute, kind, succeeded, failed);
}
