namespace Workflow.Persistence.Sql;

/// <summary>Statements of <see cref="Operations.AttemptStatistics"/>.</summary>
internal static class StatsSql
{
    /// <summary>
    /// The 50th, 95th and 99th percentiles (interpolated, as <c>percentile_cont</c> computes them) of attempt
    /// duration and queue wait, in milliseconds, over the attempts that finished within the window. Only
    /// attempts whose handler reached an outcome count: abandoned and cancelled attempts measure how long a
    /// lease lasted, not how long the work took. Queue wait is the time from the item's due time to the
    /// attempt's start, over the attempts that stored their due time. Clock skew between node and database can
    /// make it negative, and such values count as zero. The arrays are null when no attempt matches.
    /// Parameter: window in ms.
    /// </summary>
    public const string AttemptPercentiles = """
        SELECT count(*) AS attempts,
               percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY duration_ms) AS duration_ms,
               count(due_at) AS waits,
               percentile_cont(ARRAY[0.5, 0.95, 0.99])
                   WITHIN GROUP (ORDER BY greatest(0, extract(epoch FROM started_at - due_at) * 1000)::double precision)
                   FILTER (WHERE due_at IS NOT NULL) AS wait_ms
        FROM workflow.attempts
        WHERE finished_at >= now() - $1 * interval '1 millisecond'
          AND outcome IN ('succeeded', 'failed', 'timed_out')
        """;
}
