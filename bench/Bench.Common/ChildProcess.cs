using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Workflow.Bench.Common;

/// <summary>
/// A process that a driver started: a Workflow node or a Hangfire server. Its output goes to a log file. Every
/// child is listed in <see cref="PidFile"/> (PID and start time) when that is set, so the calling script can
/// stop it by PID if the driver dies, and <see cref="KillAll"/> stops the ones still running on any exit.
/// </summary>
public sealed partial class ChildProcess : IAsyncDisposable
{
    private const int SigKill = 9;

    private static readonly ConcurrentDictionary<int, ChildProcess> Running = new();
    private static readonly Lock PidFileLock = new();

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private int _disposed;

    private ChildProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
    }

    /// <summary>File that each child's "PID START_TICKS NAME" line is appended to; null to keep no list.</summary>
    public static string? PidFile { get; set; }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Peak resident set size (VmHWM) so far, or null once the process is gone.</summary>
    public long? PeakRssBytes => ProcStat.StatusBytes(Id, "VmHWM");

    public long? RssBytes => ProcStat.StatusBytes(Id, "VmRSS");

    public double? CpuSeconds => ProcStat.CpuSeconds(Id);

    public static ChildProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?> environment,
        string workingDirectory,
        string logDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        Directory.CreateDirectory(logDirectory);
        var log = new StreamWriter(Path.Combine(logDirectory, name + ".log"), append: true) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Starting {fileName} for {name} failed.");
        var child = new ChildProcess(name, process, log);
        Running[process.Id] = child;
        child.RecordPid();
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Sends SIGKILL: the process dies at once, without running any shutdown code.</summary>
    public void Kill() => Signal(SigKill);

    /// <summary>Sends SIGKILL and waits up to 10 s for the process to be gone.</summary>
    public async Task KillAndWaitAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(10));
        Running.TryRemove(Id, out _);
    }

    /// <summary>Waits up to <paramref name="timeout"/>; returns whether the process has exited.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Kills every child that is still running. Safe to call from exit handlers and more than once.</summary>
    public static void KillAll()
    {
        foreach (var child in Running.Values)
        {
            try
            {
                if (!child._process.HasExited)
                {
                    child.Kill();
                }
            }
            catch (InvalidOperationException)
            {
                // The process exited between the check and the signal.
            }
        }
    }

    /// <summary>Kills the process if it still runs and closes its log; later calls do nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await KillAndWaitAsync();
        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    private void Signal(int signal)
    {
        if (SendSignal(_process.Id, signal) != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException(
                $"kill({_process.Id}, {signal}) for {Name} failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    private void RecordPid()
    {
        if (PidFile is null)
        {
            return;
        }

        var startTicks = ProcStat.StartTicks(Id);
        lock (PidFileLock)
        {
            File.AppendAllText(PidFile, string.Create(CultureInfo.InvariantCulture, $"{Id} {startTicks} {Name}\n"));
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after the log was closed is dropped.
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
