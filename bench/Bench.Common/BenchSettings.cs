using System.Globalization;

namespace Workflow.Bench.Common;

/// <summary>
/// Settings of one benchmark run, shared by both drivers so their results name the same settings. Each option
/// is read from <c>--name value</c>, else from the environment variable <c>BENCH_NAME</c> (upper case, dashes
/// as underscores), else from the full or the <c>--quick</c> default.
/// </summary>
public sealed class BenchSettings
{
    /// <summary>Every workload, in the order a run executes them.</summary>
    public static readonly IReadOnlyList<string> AllWorkloads = ["enqueue", "batch", "drain", "profile", "pickup", "recovery", "memory", "dashboard"];

    /// <summary>The workloads a run executes unless --workloads or --profile says otherwise.</summary>
    public static readonly IReadOnlyList<string> DefaultWorkloads = [.. AllWorkloads.Where(w => w != "profile")];

    private static readonly IReadOnlyList<OptionSpec> Specs =
    [
        new("enqueue-n", "single-item submissions timed, after a warm-up", 20_000, 2_000),
        new("enqueue-concurrency", "concurrent submitters of single items", 16, 16),
        new("batch-n", "items submitted in batches (Workflow only: Hangfire.Core has no batch API)", 200_000, 20_000),
        new("batch-concurrency", "concurrent batch submitters", 4, 4),
        new("batch-size", "items per batch (the API's limit is 1000 by default)", 1_000, 1_000),
        new("drain-n", "pre-enqueued no-op items drained by Workflow nodes", 100_000, 10_000),
        new("hangfire-drain-n", "pre-enqueued no-op jobs drained by Hangfire servers", 5_000, 500),
        new("drain-timeout-seconds", "longest wait for one drain before it counts as failed", 600, 120),
        new("pickup-n", "items submitted one at a time to idle workers", 200, 40),
        new("pickup-rate", "submissions per second in the pickup workload", 20, 20),
        new("recovery-n", "in-flight items on the node that is killed", 50, 20),
        new("recovery-delay-seconds", "how long each in-flight item runs", 60, 60),
        new("recovery-wait-seconds", "longest wait for the killed node's items to start again", 60, 15),
        new("memory-n", "pending items while one Workflow node's peak RSS is measured", 1_000_000, 50_000),
        new("hangfire-memory-n", "pending jobs while one Hangfire server's peak RSS is measured", 10_000, 1_000),
        new("memory-seconds", "longest time a memory workload drains before it stops", 120, 10),
        new("hangfire-workers", "Hangfire WorkerCount for drain and memory; 0 keeps Hangfire's default", 0, 0),
        new("dashboard-n", "finished items in the table while dashboard pages are timed (Workflow only)", 1_000_000, 100_000),
        new("dashboard-requests", "timed requests per dashboard page, after a warm-up", 50, 20),
        new("profile-seconds", "longest perf and dotnet-counters recording of the profiled Workflow drain", 30, 15),
    ];

    private readonly Dictionary<string, double> _values;

    private BenchSettings(Dictionary<string, double> values, bool quick)
    {
        _values = values;
        Quick = quick;
    }

    public bool Quick { get; }

    /// <summary>Connection string of the cluster's admin database; each workload creates a database of its own.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>JSON lines file that every result is appended to.</summary>
    public string ResultsPath { get; private set; } = "";

    /// <summary>Folder for the output of child processes.</summary>
    public string LogDirectory { get; private set; } = "";

    /// <summary>File that the PID of every child process is appended to, so the calling script can stop them.</summary>
    public string? PidFile { get; private set; }

    /// <summary>The built Workflow.Api.dll that node processes run (Workflow driver only).</summary>
    public string? ServerDll { get; private set; }

    public IReadOnlyList<string> Workloads { get; private set; } = DefaultWorkloads;

    public int EnqueueN => Int("enqueue-n");
    public int EnqueueConcurrency => Int("enqueue-concurrency");
    public int BatchN => Int("batch-n");
    public int BatchConcurrency => Int("batch-concurrency");
    public int BatchSize => Int("batch-size");
    public int DrainN => Int("drain-n");
    public int HangfireDrainN => Int("hangfire-drain-n");
    public TimeSpan DrainTimeout => TimeSpan.FromSeconds(Int("drain-timeout-seconds"));
    public int PickupN => Int("pickup-n");
    public double PickupRate => _values["pickup-rate"];
    public int RecoveryN => Int("recovery-n");
    public TimeSpan RecoveryDelay => TimeSpan.FromSeconds(Int("recovery-delay-seconds"));
    public TimeSpan RecoveryWait => TimeSpan.FromSeconds(Int("recovery-wait-seconds"));
    public int MemoryN => Int("memory-n");
    public int HangfireMemoryN => Int("hangfire-memory-n");
    public TimeSpan MemoryDuration => TimeSpan.FromSeconds(Int("memory-seconds"));
    public int HangfireWorkers => Int("hangfire-workers");
    public int DashboardN => Int("dashboard-n");
    public int DashboardRequests => Int("dashboard-requests");
    public TimeSpan ProfileDuration => TimeSpan.FromSeconds(Int("profile-seconds"));

    public bool Runs(string workload) => Workloads.Contains(workload, StringComparer.Ordinal);

    /// <summary>The numeric options and their values, for the settings of each result.</summary>
    public IReadOnlyDictionary<string, double> Values => _values;

    /// <summary>Parses the arguments after the command name; throws <see cref="ArgumentException"/> with the fix.</summary>
    public static BenchSettings Parse(IReadOnlyList<string> args)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        var quick = false;
        var profile = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--quick")
            {
                quick = true;
                continue;
            }

            if (arg == "--profile")
            {
                profile = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{arg}'. Options start with '--'; see --help.");
            }

            var name = arg[2..];
            string value;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new ArgumentException($"Option --{name} needs a value.");
            }

            given[name] = value;
        }

        quick |= Environment.GetEnvironmentVariable("BENCH_QUICK") is "1" or "true";
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var spec in Specs)
        {
            var text = given.Remove(spec.Name, out var flag) ? flag : Environment.GetEnvironmentVariable(EnvName(spec.Name));
            values[spec.Name] = text is null ? (quick ? spec.Quick : spec.Full) : ParseNumber(spec.Name, text);
        }

        var settings = new BenchSettings(values, quick)
        {
            ConnectionString = Take(given, "connection") ?? throw new ArgumentException("Option --connection is required."),
            ResultsPath = Take(given, "results") ?? throw new ArgumentException("Option --results is required."),
            LogDirectory = Take(given, "logs") ?? Path.Combine(Path.GetTempPath(), "workflow-bench-logs"),
            PidFile = Take(given, "pid-file"),
            ServerDll = Take(given, "server-dll"),
        };

        var workloads = Take(given, "workloads") ?? Environment.GetEnvironmentVariable("BENCH_WORKLOADS");
        if (!string.IsNullOrWhiteSpace(workloads))
        {
            var names = workloads.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = names.Except(AllWorkloads, StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException(
                    $"Unknown workload(s) {string.Join(", ", unknown)}. Valid: {string.Join(", ", AllWorkloads)}.");
            }

            settings.Workloads = [.. AllWorkloads.Where(names.Contains)];
        }

        if (profile || Environment.GetEnvironmentVariable("BENCH_PROFILE") is "1" or "true")
        {
            settings.Workloads = [.. AllWorkloads.Where(w => w == "profile" || settings.Workloads.Contains(w))];
        }

        if (given.Count > 0)
        {
            throw new ArgumentException($"Unknown option(s) {string.Join(", ", given.Keys.Select(k => "--" + k))}; see --help.");
        }

        settings.Validate();
        return settings;
    }

    /// <summary>Returns the help text of the shared options.</summary>
    public static string Help()
    {
        var lines = new List<string>
        {
            "  --connection CS        connection string of the cluster's admin database (required)",
            "  --results FILE         JSON lines file to append results to (required)",
            "  --logs DIR             folder for child process output",
            "  --pid-file FILE        file to append child PIDs to, for the calling script's cleanup",
            "  --workloads LIST       comma-separated subset of " + string.Join(",", AllWorkloads),
            "  --quick                small N everywhere, for a smoke check (env BENCH_QUICK=1)",
            "  --profile              add the profile workload: a Workflow drain under perf and dotnet-counters (env BENCH_PROFILE=1)",
        };
        foreach (var spec in Specs)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  --{spec.Name,-24} {spec.Description} (default {spec.Full}, quick {spec.Quick}; env {EnvName(spec.Name)})"));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private void Validate()
    {
        var errors = new List<string>();
        foreach (var spec in Specs)
        {
            var value = _values[spec.Name];
            var minimum = spec.Name == "hangfire-workers" ? 0 : 1;
            if (value < minimum)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"--{spec.Name} is {value}, but must be at least {minimum}."));
            }
        }

        if (BatchSize > 1000)
        {
            errors.Add($"--batch-size is {BatchSize}, but the API accepts at most 1000 items per batch by default.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }

    private int Int(string name) => checked((int)_values[name]);

    private static string EnvName(string name) => "BENCH_" + name.Replace('-', '_').ToUpperInvariant();

    private static double ParseNumber(string name, string text)
        => double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"--{name} is '{text}', which is not a number.");

    private static string? Take(Dictionary<string, string> given, string name)
        => given.Remove(name, out var value) ? value : null;

    private sealed record OptionSpec(string Name, string Description, double Full, double Quick);
}
