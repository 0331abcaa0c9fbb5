using System.Data.Common;
using Npgsql;
using Workflow.Engine.Scheduling;
using Workflow.Persistence.Sql;

namespace Workflow.Persistence.Dashboard;

/// <summary>
/// The recurring page's system jobs: the cluster-wide periodic jobs from Quartz.NET's tables, and their runs from
/// <c>workflow.job_runs</c>. Reading the tables rather than asking a scheduler works on every node, including one
/// that runs no workers and so has no scheduler.
/// </summary>
public sealed class SystemJobsQuery(NpgsqlDataSource dataSource)
{
    /// <summary>Most runs one read returns.</summary>
    public const int MaxRuns = 100;

    /// <summary>Lists the jobs that have a trigger on the cluster-wide scheduler, by name.</summary>
    public async Task<IReadOnlyList<SystemJob>> ListJobsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SystemJobSql.Jobs);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SchedulerKeys.ClusterScheduler });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var jobs = new List<SystemJob>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(new SystemJob(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(1)),
                QuartzTime(reader, 2),
                QuartzTime(reader, 3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : ReadRun(reader, 5)));
        }

        return jobs;
    }

    /// <summary>
    /// Lists the latest <paramref name="limit"/> runs (1 to <see cref="MaxRuns"/>), newest first: of one job when
    /// <paramref name="jobName"/> is given, else of every job.
    /// </summary>
    public async Task<IReadOnlyList<SystemJobRun>> ListRunsAsync(string? jobName, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxRuns);

        await using var command = dataSource.CreateCommand(jobName is null ? SystemJobSql.RecentRuns : SystemJobSql.RecentRunsOfJob);
        if (jobName is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = jobName });
        }

        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var runs = new List<SystemJobRun>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            runs.Add(ReadRun(reader, 0));
        }

        return runs;
    }

    private static SystemJobRun ReadRun(DbDataReader reader, int first)
        => new(
            reader.GetInt64(first),
            reader.GetString(first + 1),
            reader.GetGuid(first + 2),
            reader.IsDBNull(first + 3) ? null : reader.GetString(first + 3),
            reader.GetFieldValue<DateTimeOffset>(first + 4),
            reader.GetFieldValue<DateTimeOffset>(first + 5),
            reader.IsDBNull(first + 6) ? null : reader.GetFieldValue<DateTimeOffset>(first + 6),
            reader.GetString(first + 7),
            reader.IsDBNull(first + 8) ? null : reader.GetInt64(first + 8),
            reader.IsDBNull(first + 9) ? null : reader.GetString(first + 9));

    /// <summary>Reads a Quartz.NET time column: UTC ticks, where null or a value of 0 or less means none.</summary>
    private static DateTimeOffset? QuartzTime(DbDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) || reader.GetInt64(ordinal) <= 0 ? null : new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero);
}
