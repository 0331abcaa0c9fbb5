using Npgsql;
using NpgsqlTypes;
using Workflow.Engine.Storage;
using Workflow.Persistence.Sql;

namespace Workflow.Persistence;

/// <summary>The maintenance jobs' storage port on PostgreSQL: one statement per call, on the scheduler's own pool.</summary>
public sealed class PostgresMaintenanceStore(NpgsqlDataSource dataSource) : IMaintenanceStore
{
    public Task<int> DeleteFinishedItemsAsync(TimeSpan maxAge, int batchSize, CancellationToken cancellationToken)
        => DeleteAsync(MaintenanceSql.DeleteFinishedItems, maxAge, batchSize, cancellationToken);

    public Task<int> DeleteJobRunsAsync(TimeSpan maxAge, int batchSize, CancellationToken cancellationToken)
        => DeleteAsync(MaintenanceSql.DeleteJobRuns, maxAge, batchSize, cancellationToken);

    public Task<int> DeleteStatisticsAsync(TimeSpan maxAge, int batchSize, CancellationToken cancellationToken)
        => DeleteAsync(MaintenanceSql.DeleteStatistics, maxAge, batchSize, cancellationToken);

    public async Task<int> RollUpStatisticsAsync(TimeSpan lookback, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(MaintenanceSql.RollUpStatistics);
        command.Parameters.Add(new NpgsqlParameter { Value = lookback.TotalMilliseconds });
        var rows = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return (int)rows!;
    }

    public async Task RecordJobStartedAsync(JobRun run, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(MaintenanceSql.RecordJobStarted);
        AddRun(command.Parameters, run);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordJobFinishedAsync(JobRun run, JobRunOutcome outcome, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(MaintenanceSql.RecordJobFinished);
        AddRun(command.Parameters, run);
        command.Parameters.Add(new NpgsqlParameter { Value = outcome.FinishedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = outcome.Outcome });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)outcome.RowsAffected ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)outcome.Error ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> DeleteAsync(string sql, TimeSpan maxAge, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = maxAge.TotalMilliseconds });
        command.Parameters.Add(new NpgsqlParameter { Value = batchSize });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddRun(NpgsqlParameterCollection parameters, JobRun run)
    {
        parameters.Add(new NpgsqlParameter { Value = run.JobName });
        parameters.Add(new NpgsqlParameter { Value = run.FireInstanceId });
        parameters.Add(new NpgsqlParameter { Value = run.NodeId });
        parameters.Add(new NpgsqlParameter { Value = run.ScheduledAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        parameters.Add(new NpgsqlParameter { Value = run.StartedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
    }
}
