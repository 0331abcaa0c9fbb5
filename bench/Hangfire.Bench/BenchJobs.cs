using Npgsql;

namespace Hangfire.Bench;

/// <summary>
/// The job methods the Hangfire workloads enqueue. Server processes set <see cref="ConnectionString"/>; jobs
/// that are timed write their start into <c>bench.job_starts</c> with the server's clock.
/// </summary>
public static class BenchJobs
{
    /// <summary>Connection string of the workload's database, set once when a server process starts.</summary>
    public static string? ConnectionString { get; set; }

    /// <summary>Does nothing: the job of the drain, enqueue and memory workloads.</summary>
    public static void Noop()
    {
    }

    /// <summary>Records when it started, with the enqueue time the driver passed in.</summary>
    public static void RecordStart(string run, int index, DateTime enqueuedAtUtc)
    {
        var startedAt = DateTime.UtcNow;
        Insert(run, index, enqueuedAtUtc, startedAt).GetAwaiter().GetResult();
    }

    /// <summary>Records when it started, then runs for the given time unless Hangfire cancels it.</summary>
    public static async Task SleepAsync(string run, int index, int seconds, CancellationToken cancellationToken)
    {
        var startedAt = DateTime.UtcNow;
        await Insert(run, index, null, startedAt);
        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
    }

    private static async Task Insert(string run, int index, DateTime? enqueuedAtUtc, DateTime startedAtUtc)
    {
        await using var connection = new NpgsqlConnection(ConnectionString
            ?? throw new InvalidOperationException("BenchJobs.ConnectionString is not set; jobs run only in a bench server process."));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO bench.job_starts (run, index, pid, enqueued_at, started_at) VALUES ($1, $2, $3, $4, $5)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = run });
        command.Parameters.Add(new NpgsqlParameter { Value = index });
        command.Parameters.Add(new NpgsqlParameter { Value = Environment.ProcessId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)enqueuedAtUtc ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = startedAtUtc });
        await command.ExecuteNonQueryAsync();
    }
}
