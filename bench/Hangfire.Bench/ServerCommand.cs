using System.Globalization;
using Npgsql;

namespace Hangfire.Bench;

/// <summary>
/// The <c>server</c> command: one Hangfire server process, as an application would host it. It records its
/// start in <c>bench.servers</c>, runs a <see cref="BackgroundJobServer"/> until SIGTERM or SIGINT, and
/// stops it gracefully then. The driver usually ends it with SIGKILL.
/// </summary>
internal static class ServerCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? connection = null, name = null;
        var workers = 0;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--connection": connection = args[i + 1]; break;
                case "--name": name = args[i + 1]; break;
                case "--workers": workers = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown server option '{args[i]}'; use --connection CS --name NAME [--workers N].");
            }
        }

        if (connection is null || name is null)
        {
            throw new ArgumentException("The server command needs --connection and --name.");
        }

        HangfireSetup.ConfigureGlobal();
        BenchJobs.ConnectionString = connection;
        var storage = HangfireSetup.CreateStorage(connection);
        var options = new BackgroundJobServerOptions { ServerName = name };
        if (workers > 0)
        {
            options.WorkerCount = workers;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });

        await RecordStartAsync(connection, name);
        using (new BackgroundJobServer(options, storage))
        {
            Console.WriteLine($"Hangfire server {name} (pid {Environment.ProcessId}) started with {options.WorkerCount} workers.");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine($"Hangfire server {name} is stopping.");
            }
        }

        return 0;
    }

    private static async Task RecordStartAsync(string connectionString, string name)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("INSERT INTO bench.servers (name, pid, started_at) VALUES ($1, $2, $3)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = Environment.ProcessId });
        command.Parameters.Add(new NpgsqlParameter { Value = DateTime.UtcNow });
        await command.ExecuteNonQueryAsync();
    }
}
