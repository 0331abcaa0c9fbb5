using System.Globalization;
using Workflow.Bench.Common;

namespace Hangfire.Bench;

/// <summary>Starts Hangfire server processes: this same program with the <c>server</c> command.</summary>
internal sealed class ServerLauncher(string logDirectory)
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Starts a server; <paramref name="workers"/> 0 keeps Hangfire's default WorkerCount.</summary>
    public ChildProcess Start(string name, string connectionString, int workers)
    {
        var self = Path.Combine(AppContext.BaseDirectory, "Hangfire.Bench.dll");
        return ChildProcess.Start(name, "dotnet",
            [self, "server", "--connection", connectionString, "--name", name, "--workers", workers.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string?>(), AppContext.BaseDirectory, logDirectory);
    }

    /// <summary>Waits until the given number of Hangfire servers have registered in the storage.</summary>
    public static async Task WaitRegisteredAsync(HangfireDatabase database, int servers, IReadOnlyList<ChildProcess> processes)
    {
        var ready = await Poll.UntilAsync(
            async () =>
            {
                if (processes.FirstOrDefault(p => p.HasExited) is { } exited)
                {
                    throw new InvalidOperationException($"Hangfire server {exited.Name} exited during start; see its log.");
                }

                return await database.CountAsync("SELECT count(*) FROM hangfire.server") >= servers;
            },
            TimeSpan.FromMilliseconds(100),
            ReadyTimeout);
        if (!ready)
        {
            throw new TimeoutException($"{servers} Hangfire servers did not register within {ReadyTimeout.TotalSeconds} s.");
        }
    }
}
