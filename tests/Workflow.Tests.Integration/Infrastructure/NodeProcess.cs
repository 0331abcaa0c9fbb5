using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>
/// A Workflow server in a child process (the built Workflow.Api.dll), so tests can kill it with real
/// signals. Its output is kept for failure messages.
/// </summary>
public sealed partial class NodeProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    // Linux numbers; SIGSTOP and SIGCONT differ on other platforms (17 and 19 on macOS).
    private const int SigStop = 19;
    private const int SigCont = 18;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static NodeProcess Start(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Workflow.Api.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ConnectionStrings__Workflow"] = connectionString;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in WorkflowTestServer.FastSettings.Concat(settings ?? new Dictionary<string, string?>()))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The node process did not start.");
        var node = new NodeProcess(process);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Sends SIGTERM, as a service manager does for a graceful stop.</summary>
    public void Terminate() => Signal(SigTerm);

    /// <summary>Sends SIGKILL: the process dies at once, without running any shutdown code.</summary>
    public void Kill() => Signal(SigKill);

    /// <summary>Sends SIGSTOP: every thread of the process stops until <see cref="Resume"/>, as in a long GC pause or a suspended VM.</summary>
    public void Pause() => Signal(SigStop);

    /// <summary>Sends SIGCONT, which lets a paused process run again.</summary>
    public void Resume() => Signal(SigCont);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal(SigKill);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Signal(int signal)
    {
        if (SendSignal(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
