using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster of its own, for fault tests that stop and restart the server. The shared test
/// server must never be stopped, because other test classes use it. The cluster is created with initdb in a
/// temporary folder, listens on a fixed loopback port (so a restart keeps connection strings valid) and is
/// stopped with pg_ctl and deleted on dispose. As root, the binaries run as the <c>postgres</c> user through
/// <c>runuser</c>, because PostgreSQL refuses to run as root. Use it as a class fixture.
/// </summary>
public sealed class DedicatedPostgres : IAsyncLifetime
{
    private const string SuperUser = "workflow";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly string _binDirectory = FindBinDirectory();
    private readonly bool _runAsPostgresUser = Environment.UserName == "root";
    private string _folder = "";

    /// <summary>Loopback port of the cluster, the same across restarts.</summary>
    public int Port { get; private set; }

    public bool IsRunning { get; private set; }

    /// <summary>Superuser connection string for the <c>postgres</c> database, without pooling.</summary>
    public string AdminConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = "postgres",
        Pooling = false,
    }.ConnectionString;

    private string DataDirectory => Path.Combine(_folder, "data");

    private string LogFile => Path.Combine(_folder, "postgres.log");

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("wf-faults-pg-").FullName;
        if (_runAsPostgresUser)
        {
            await RunAsync("chown", ["postgres:postgres", _folder]);
        }

        await RunPostgresToolAsync(
            "initdb",
            [$"--pgdata={DataDirectory}", $"--username={SuperUser}", "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-instructions"]);

        Port = FindFreePort();

        // fsync and full-page writes only protect against an operating system crash, which these tests never
        // cause, so they are off for speed. Commits stay synchronous, because a stop with --mode=immediate kills the
        // server processes and would lose an asynchronous commit that was not yet written.
        var settings = new StringBuilder()
            .AppendLine()
            .AppendLine($"port = {Port}")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine("unix_socket_directories = ''")
            .AppendLine("max_connections = 100")
            .AppendLine("fsync = off")
            .AppendLine("full_page_writes = off");
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), settings.ToString());

        AppDomain.CurrentDomain.ProcessExit += StopOnProcessExit;
        await StartAsync();
    }

    /// <summary>Starts the stopped cluster on its port and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        await RunPostgresToolAsync(
            "pg_ctl", ["start", $"--pgdata={DataDirectory}", $"--log={LogFile}", "--wait", "--timeout=60", "--silent"]);
        IsRunning = true;
    }

    /// <summary>
    /// Stops the cluster and waits until it has exited. <see cref="PostgresStopMode.Fast"/> rolls back open
    /// transactions and disconnects clients; <see cref="PostgresStopMode.Immediate"/> kills the server processes, so
    /// the next start runs crash recovery.
    /// </summary>
    public async Task StopAsync(PostgresStopMode mode = PostgresStopMode.Fast)
    {
        var modeName = mode == PostgresStopMode.Fast ? "fast" : "immediate";
        await RunPostgresToolAsync(
            "pg_ctl", ["stop", $"--pgdata={DataDirectory}", $"--mode={modeName}", "--wait", "--timeout=60", "--silent"]);
        IsRunning = false;
    }

    /// <summary>Creates an empty database and returns a connection string for it; the server applies migrations.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "wf_faults_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Returns the last lines of the server log, for failure messages.</summary>
    public string LogTail(int lines = 40)
        => File.Exists(LogFile) ? string.Join(Environment.NewLine, File.ReadLines(LogFile).TakeLast(lines)) : "";

    public async Task DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= StopOnProcessExit;
        if (_folder.Length == 0)
        {
            return;
        }

        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await StopAsync(PostgresStopMode.Immediate);
        }

        Directory.Delete(_folder, recursive: true);
    }

    private void StopOnProcessExit(object? sender, EventArgs e)
    {
        // The test host can exit without disposing fixtures, for example when a run is aborted. A server left
        // running would keep its port and folder until the machine restarts.
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            StopAsync(PostgresStopMode.Immediate).GetAwaiter().GetResult();
        }
    }

    private Task RunPostgresToolAsync(string tool, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _runAsPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments])
            : RunAsync(path, arguments);
    }

    private async Task RunAsync(string fileName, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,

            // The postgres user cannot enter the test's working directory when it is under /root.
            WorkingDirectory = _folder,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {CommandTimeout.TotalSeconds} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}.{Environment.NewLine}" +
                $"{await output}{await error}{Environment.NewLine}Server log:{Environment.NewLine}{LogTail()}");
        }
    }

    /// <summary>Returns the bin folder of the newest PostgreSQL installed from the OS packages.</summary>
    private static string FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root) ? Directory.GetDirectories(root) : [];
        var newest = candidates
            .Where(dir => int.TryParse(Path.GetFileName(dir), out _) && File.Exists(Path.Combine(dir, "bin", "pg_ctl")))
            .OrderByDescending(dir => int.Parse(Path.GetFileName(dir), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        return newest is null
            ? throw new InvalidOperationException(
                $"No PostgreSQL binaries under {root}/<version>/bin. Install the OS package (for example postgresql-15); " +
                "ops/lib/postgres.sh does that for ops/test.")
            : Path.Combine(newest, "bin");
    }

    /// <summary>
    /// Returns a loopback port that is free now. Another process could take it before the server binds it, which
    /// makes the start fail with "Address already in use" in the server log.
    /// </summary>
    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
