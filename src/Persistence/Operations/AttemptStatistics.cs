using Npgsql;
using Workflow.Persistence.Sql;

namespace Workflow.Persistence.Operations;

/// <summary>Percentiles of attempt duration and queue wait over a recent window, computed by PostgreSQL.</summary>
public sealed class AttemptStatistics(NpgsqlDataSource dataSource)
{
    /// <summary>Reads the percentiles over the attempts that finished within <paramref name="window"/> before now.</summary>
    public async Task<AttemptPercentiles> ReadAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(StatsSql.AttemptPercentiles);
        command.Parameters.Add(new NpgsqlParameter { Value = window.TotalMilliseconds });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new AttemptPercentiles(
            new Percentiles(reader.GetInt64(0), Seconds(reader, 1)),
            new Percentiles(reader.GetInt64(2), Seconds(reader, 3)));
    }

    private static double[]? Seconds(NpgsqlDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : [.. reader.GetFieldValue<double[]>(ordinal).Select(ms => ms / 1000)];
}

/// <summary>Percentiles of attempt duration and of queue wait.</summary>
public sealed record AttemptPercentiles(Percentiles Duration, Percentiles QueueWait);

/// <summary>
/// How many attempts were measured and, when any were, their 50th, 95th and 99th percentiles in seconds.
/// </summary>
public sealed record Percentiles(long Count, double[]? Seconds)
{
    public double? P50 => Seconds?[0];

    public double? P95 => Seconds?[1];

    public double? P99 => Seconds?[2];
}
