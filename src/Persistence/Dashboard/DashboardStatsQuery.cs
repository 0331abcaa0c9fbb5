using Npgsql;
using Workflow.Persistence.Sql;

namespace Workflow.Persistence.Dashboard;

/// <summary>
/// Counts for the dashboard's overview and its queues and kinds page. Rates come from the attempts table through its
/// index on finished_at: a window of a minute costs as many index entries as attempts finished in it, and needs no
/// counters kept on the hot path.
/// </summary>
public sealed class DashboardStatsQuery(NpgsqlDataSource dataSource)
{
    /// <summary>The states in the order the dashboard shows them.</summary>
    public static readonly IReadOnlyList<string> States = ["pending", "running", "succeeded", "dead", "cancelled"];

    /// <summary>Longest window of <see cref="GetRatesAsync"/>, in seconds.</summary>
    public const int MaxRateWindowSeconds = 60;

    /// <summary>Largest exact count of <see cref="CountByStateAsync"/>.</summary>
    public const long CountCap = 100_000;

    /// <summary>
    /// Counts items per state, up to <see cref="CountCap"/>: a value above it means "more than CountCap". Each count
    /// costs at most CountCap index entries, so the pages that show counts cost the same on a table of any size.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStateAsync(CancellationToken cancellationToken)
    {
        var counts = States.ToDictionary(s => s, _ => 0L, StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand(DashboardSql.CountByStateCapped);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = CountCap + 1 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>Counts succeeded and failed attempts per second over the last <paramref name="seconds"/> (1 to 60).</summary>
    public async Task<LiveRates> GetRatesAsync(int seconds, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, MaxRateWindowSeconds);

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(DashboardSql.NowSeconds));
        var rates = new NpgsqlBatchCommand(DashboardSql.RatesPerSecond);
        rates.Parameters.Add(new NpgsqlParameter<double> { TypedValue = seconds });
        batch.BatchCommands.Add(rates);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var now = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var points = new List<RatePoint>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            points.Add(new RatePoint(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return new LiveRates(now, points);
    }

    /// <summary>
    /// Returns backlog, running items and the attempts of the last <paramref name="windowSeconds"/> per queue and
    /// kind, ordered by queue and kind.
    /// </summary>
    public async Task<IReadOnlyList<QueueKindStats>> GetQueueKindStatsAsync(int windowSeconds, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<(string Queue, string Kind), long[]>();
        long[] Row(string queue, string kind)
        {
            if (!rows.TryGetValue((queue, kind), out var row))
            {
                row = new long[5];
                rows[(queue, kind)] = row;
            }

            return row;
        }

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(DashboardSql.Backlog));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(DashboardSql.Running));
        var recent = new NpgsqlBatchCommand(DashboardSql.RecentAttempts);
        recent.Parameters.Add(new NpgsqlParameter<double> { TypedValue = windowSeconds });
        batch.BatchCommands.Add(recent);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = Row(reader.GetString(0), reader.GetString(1));
            row[0] = reader.GetInt64(2);
            row[1] = reader.GetInt64(3);
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            Row(reader.GetString(0), reader.GetString(1))[2] = reader.GetInt64(2);
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = Row(reader.GetString(0), reader.GetString(1));
            row[3] = reader.GetInt64(2);
            row[4] = reader.GetInt64(3);
        }

        return [.. rows
            .OrderBy(r => r.Key.Queue, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Kind, StringComparer.Ordinal)
            .Select(r => new QueueKindStats(r.Key.Queue, r.Key.Kind, r.Value[0], r.Value[1], r.Value[2], r.Value[3], r.Value[4]))];
    }
}
