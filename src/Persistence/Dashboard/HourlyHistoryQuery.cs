using Npgsql;
using Workflow.Persistence.Sql;

namespace Workflow.Persistence.Dashboard;

/// <summary>
/// The overview's history graph: the per-minute rows of <c>workflow.stats_minutes</c> summed per hour. The
/// cluster-wide statistics rollup writes those rows for closed minutes only, so the current minute, and the minutes
/// since its last run, are missing until its next run.
/// </summary>
public sealed class HourlyHistoryQuery(NpgsqlDataSource dataSource)
{
    /// <summary>Most hours one read covers: 7 days.</summary>
    public const int MaxHours = 7 * 24;

    /// <summary>The engine's name of the statistics rollup job, as Quartz.NET and <c>workflow.job_runs</c> store it.</summary>
    public const string RollupJobName = "statistics-rollup";

    /// <summary>Sums the statistics of the last <paramref name="hours"/> hours (1 to <see cref="MaxHours"/>), the current one included.</summary>
    public async Task<HourlyHistory> GetAsync(int hours, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hours, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hours, MaxHours);

        await using var batch = dataSource.CreateBatch();
        var history = new NpgsqlBatchCommand(DashboardSql.HourlyHistory);
        history.Parameters.Add(new NpgsqlParameter<int> { TypedValue = hours });
        batch.BatchCommands.Add(history);
        var rollup = new NpgsqlBatchCommand(DashboardSql.LastSucceededRun);
        rollup.Parameters.Add(new NpgsqlParameter<string> { TypedValue = RollupJobName });
        batch.BatchCommands.Add(rollup);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<HourlyStats>(hours);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new HourlyStats(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset? lastRollup = await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? reader.GetFieldValue<DateTimeOffset>(0)
            : null;
        return new HourlyHistory(rows, lastRollup);
    }
}
