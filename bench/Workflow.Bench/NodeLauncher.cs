using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Workflow.Bench.Common;

namespace Workflow.Bench;

/// <summary>
/// Starts Workflow nodes as child processes of the built Workflow.Api.dll, each on its own loopback port. Node
/// settings come from the environment (for example <c>Workflow__MaxWorkers</c>) unless a workload sets them.
/// </summary>
internal sealed class NodeLauncher(string serverDll, string logDirectory)
{
    /// <summary>
    /// Settings every node gets: quiet logs, so logging does not cost throughput, and no submit rate limit, so the
    /// enqueue workloads measure the API and its INSERT rather than the limit.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> BaseSettings = new Dictionary<string, string?>
    {
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        ["Workflow__Api__RateLimit__Enabled"] = "false",
    };

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    public string ServerDll => serverDll;

    public WorkflowNodeProcess Start(string name, string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var port = FreePort();
        var environment = new Dictionary<string, string?>(BaseSettings)
        {
            ["ConnectionStrings__Workflow"] = connectionString,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var folder = Path.GetDirectoryName(serverDll)!;
        var process = ChildProcess.Start(name, "dotnet", [serverDll], environment, folder, logDirectory);
        return new WorkflowNodeProcess(process, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Waits until the node's /health/ready returns 200; throws if it exits or takes over 60 s.</summary>
    public static async Task WaitReadyAsync(WorkflowNodeProcess node, HttpClient http)
    {
        var ready = await Poll.UntilAsync(
            async () =>
            {
                if (node.Process.HasExited)
                {
                    throw new InvalidOperationException($"Node {node.Process.Name} exited during start; see its log.");
                }

                try
                {
                    using var response = await http.GetAsync(new Uri(node.BaseAddress, "health/ready"));
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            TimeSpan.FromMilliseconds(100),
            ReadyTimeout);
        if (!ready)
        {
            throw new TimeoutException($"Node {node.Process.Name} did not return 200 from /health/ready within {ReadyTimeout.TotalSeconds} s.");
        }
    }

    /// <summary>
    /// Creates an API key with every scope in the node's database, with the server's <c>keys create</c> command, and
    /// makes <paramref name="http"/> send it. Call it after the node is ready, so its migrations are applied.
    /// </summary>
    public async Task AuthorizeAsync(HttpClient http, string connectionString)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
        };
        foreach (var argument in new[] { serverDll, "keys", "create", "--name", "bench", "--scopes", "submit,read,operate" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__Workflow"] = connectionString;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Starting the keys create command failed.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"keys create exited with {process.ExitCode}: {await error}");
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await output).Trim());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A running node: its process and the base address of its API.</summary>
internal sealed record WorkflowNodeProcess(ChildProcess Process, Uri BaseAddress) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
