using System.Diagnostics;

namespace Workflow.Bench.Common;

/// <summary>
/// Splits the CPU time of a measured interval between the machine as a whole, the PostgreSQL server (its
/// postmaster and every backend), the driver itself and the system's own processes. Child processes count from
/// their start, which includes their start-up; read them with <see cref="Stop"/> before they are killed.
/// </summary>
public sealed class CpuMeter
{
    private readonly int? _postmasterPid;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly MachineCpu _machine;
    private readonly double _postgres;
    private readonly double _self;

    private CpuMeter(int? postmasterPid)
    {
        _postmasterPid = postmasterPid;
        _machine = ProcStat.Machine();
        _postgres = PostgresSeconds(postmasterPid);
        _self = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    }

    public static CpuMeter Start(int? postmasterPid) => new(postmasterPid);

    /// <summary>Returns the CPU seconds of the interval so far, with the given processes' totals since their start.</summary>
    public Dictionary<string, object?> Stop(IEnumerable<ChildProcess> children)
    {
        var machine = ProcStat.Machine();
        var figures = new Dictionary<string, object?>
        {
            ["cpu_wall_s"] = Round(_wall.Elapsed.TotalSeconds),
            ["cpu_cores"] = Environment.ProcessorCount,
            ["cpu_machine_busy_s"] = Round(machine.Busy - _machine.Busy),
            ["cpu_machine_idle_s"] = Round(machine.Idle - _machine.Idle),
            ["cpu_machine_iowait_s"] = Round(machine.IoWait - _machine.IoWait),
            ["cpu_machine_steal_s"] = Round(machine.Steal - _machine.Steal),
            ["cpu_postgres_s"] = _postmasterPid is null ? null : Round(PostgresSeconds(_postmasterPid) - _postgres),
            ["cpu_driver_s"] = Round(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - _self),
        };
        foreach (var child in children)
        {
            figures[$"cpu_{child.Name}_s"] = child.CpuSeconds is { } seconds ? Round(seconds) : null;
        }

        return figures;
    }

    /// <summary>
    /// CPU seconds of the server: the postmaster with its reaped children (backends that exited) plus the live
    /// backends. A backend that exits between two readings moves from the second term to the first.
    /// </summary>
    private static double PostgresSeconds(int? postmasterPid)
    {
        if (postmasterPid is not { } pid)
        {
            return 0;
        }

        var total = ProcStat.CpuSeconds(pid, withChildren: true) ?? 0;
        foreach (var child in ProcStat.Children(pid))
        {
            total += ProcStat.CpuSeconds(child) ?? 0;
        }

        return total;
    }

    private static double Round(double value) => Math.Round(value, 2);
}
