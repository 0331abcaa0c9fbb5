using System.Globalization;

namespace Workflow.Bench.Common;

/// <summary>
/// Reads process and machine figures from Linux's /proc. CPU times there are in clock ticks, which are
/// 1/100 s on every Linux architecture that .NET runs on (USER_HZ).
/// </summary>
public static class ProcStat
{
    public const double TicksPerSecond = 100;

    /// <summary>Returns a field of /proc/PID/status in bytes (for example VmHWM, VmRSS), or null if it is gone.</summary>
    public static long? StatusBytes(int pid, string field)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/status");
        }
        catch (IOException)
        {
            return null;
        }

        foreach (var line in lines)
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }

    /// <summary>
    /// Returns the fields of /proc/PID/stat after the command name, so index 0 is field 3 (state) of proc(5),
    /// or null if the process is gone.
    /// </summary>
    public static string[]? StatFields(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // The command name is in parentheses and may contain spaces, so split after the last ')'.
        var end = text.LastIndexOf(')');
        return text[(end + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Parent PID of a process, or null if it is gone.</summary>
    public static int? ParentId(int pid)
        => StatFields(pid) is { } f ? int.Parse(f[1], CultureInfo.InvariantCulture) : null;

    /// <summary>Start time of a process in clock ticks after boot (field 22); with the PID it names the process.</summary>
    public static long? StartTicks(int pid)
        => StatFields(pid) is { } f ? long.Parse(f[19], CultureInfo.InvariantCulture) : null;

    /// <summary>User plus system CPU seconds of a process; with children, also of its waited-for children.</summary>
    public static double? CpuSeconds(int pid, bool withChildren = false)
    {
        if (StatFields(pid) is not { } f)
        {
            return null;
        }

        var ticks = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
        if (withChildren)
        {
            ticks += long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture);
        }

        return ticks / TicksPerSecond;
    }

    /// <summary>PIDs of the live children of a process.</summary>
    public static List<int> Children(int parentPid)
    {
        var children = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ParentId(pid) == parentPid)
            {
                children.Add(pid);
            }
        }

        return children;
    }

    /// <summary>Machine CPU seconds from the first line of /proc/stat, summed over all cores.</summary>
    public static MachineCpu Machine()
    {
        var first = File.ReadLines("/proc/stat").First();
        var t = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture) / TicksPerSecond).ToArray();

        // user nice system idle iowait irq softirq steal ...
        return new MachineCpu(Busy: t[0] + t[1] + t[2] + t[5] + t[6], Idle: t[3], IoWait: t[4], Steal: t.Length > 7 ? t[7] : 0);
    }
}

/// <summary>CPU seconds of the whole machine, summed over its cores.</summary>
public sealed record MachineCpu(double Busy, double Idle, double IoWait, double Steal);
