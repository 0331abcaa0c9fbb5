using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workflow.Bench.Common;

namespace Workflow.Bench.Workloads;

/// <summary>
/// Profile: a one-node drain like <see cref="DrainWorkload"/>, recorded by <c>perf record -a</c> (CPU samples of
/// every process, with .NET method names from the node's perf map) and by <c>dotnet-counters</c> (GC, thread
/// pool and lock figures of the node). Sampling costs some throughput, so this drain's rate is not the
/// benchmark figure. The raw files stay in the logs folder.
/// </summary>
internal static partial class ProfileWorkload
{
    private const int SampleHz = 499;
    private const int TopEntries = 25;

    /// <summary>PostgreSQL functions that mark the phases of a statement: parse, plan, execute, index upkeep, commit.</summary>
    private static readonly string[] PostgresPhases =
    [
        "PostgresMain", "raw_parser", "pg_analyze_and_rewrite_varparams", "pg_plan_queries", "standard_ExecutorRun",
        "ExecInsertIndexTuples", "heap_update", "heap_insert", "CommitTransactionCommand", "XLogFlush", "XLogInsert",
        "secure_read", "secure_write",
    ];

    public static async Task<BenchResult> RunAsync(BenchContext context)
    {
        var n = context.Settings.DrainN;
        var duration = context.Settings.ProfileDuration;
        const string databaseName = "bench_wf_profile";
        var settings = context.SettingsWith(("n", n), ("nodes", 1), ("perf", $"perf record -F {SampleHz} -a -g"),
            ("recording_s", duration.TotalSeconds), ("node_settings", "DOTNET_PerfMapEnabled=1, DOTNET_EnableWriteXorExecute=0"));
        var perf = CommandRunner.FindOnPath("perf")
            ?? throw new InvalidOperationException("perf is not installed (Debian package linux-perf), so the drain cannot be profiled.");
        var logs = Path.GetFullPath(context.Settings.LogDirectory);
        var perfData = Path.Combine(logs, "profile.perf.data");
        var countersFile = Path.Combine(logs, "profile.counters.json");
        var toolRoot = ToolManifestFolder(context.Nodes.ServerDll);
        await CommandRunner.RunAsync("dotnet", ["tool", "restore"], toolRoot, TimeSpan.FromMinutes(5));

        await using var database = await BenchDatabase.CreateAsync(context.Admin, databaseName);
        try
        {
            await database.InsertPendingAsync(n);
            await context.Admin.CheckpointAsync();

            await using var node = context.Nodes.Start("profile-node", database.ConnectionString,
                new Dictionary<string, string?>
                {
                    ["DOTNET_PerfMapEnabled"] = "1",

                    // With W^X on (the default since .NET 7), JIT-compiled code runs from a memfd double mapping that
                    // perf cannot match to the perf map, so .NET method names would be missing.
                    ["DOTNET_EnableWriteXorExecute"] = "0",
                });
            var nodePid = node.Process.Id.ToString(CultureInfo.InvariantCulture);
            var seconds = ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture);

            // Recording starts once a tenth of the items are done, so start-up and JIT compilation stay out of it.
            const string succeededSql = "SELECT count(*) FROM workflow.work_items WHERE state = 'succeeded'";
            if (!await Poll.UntilAsync(async () => await database.CountAsync(succeededSql) >= n / 10,
                TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)))
            {
                throw new TimeoutException("The profiled node did not finish a tenth of its items within 60 s.");
            }

            var backends = context.PostmasterPid is { } postmaster ? ProcStat.Children(postmaster) : [];
            var succeededBefore = await database.CountAsync(succeededSql);
            var nodeCpuBefore = node.Process.CpuSeconds ?? 0;
            var meter = CpuMeter.Start(context.PostmasterPid);
            await using var recorder = ChildProcess.Start("perf-record", perf,
                ["record", "-F", SampleHz.ToString(CultureInfo.InvariantCulture), "-a", "-g", "-o", perfData, "--", "sleep", seconds],
                new Dictionary<string, string?>(), logs, logs);
            await using var counters = ChildProcess.Start("dotnet-counters", "dotnet",
                ["dotnet-counters", "collect", "-p", nodePid, "--format", "json",
                 "-o", countersFile, "--refresh-interval", "1", "--duration", $"00:00:00:{seconds}"],
                new Dictionary<string, string?>(), toolRoot, logs);

            var drained = await Poll.UntilAsync(
                async () => recorder.HasExited || !await database.HasUnfinishedAsync(),
                TimeSpan.FromMilliseconds(250),
                duration + TimeSpan.FromSeconds(5));
            var cpu = meter.Stop([]);
            cpu["cpu_node_s"] = Math.Round((node.Process.CpuSeconds ?? 0) - nodeCpuBefore, 2);
            var done = await database.CountAsync(succeededSql) - succeededBefore;

            // perf records for its fixed time; the node stays up so every sample's process still has its perf map.
            await recorder.WaitForExitAsync(duration + TimeSpan.FromSeconds(30));
            await counters.WaitForExitAsync(TimeSpan.FromSeconds(30));
            await node.DisposeAsync();

            var backendPids = string.Join(",", backends.Select(pid => pid.ToString(CultureInfo.InvariantCulture)));
            var nodeFunctions = await PerfReportAsync(perf, perfData, logs, ["--pid", nodePid, "--sort", "dso,sym"], limit: 0);
            var figures = new Dictionary<string, object?>
            {
                ["items_while_measured"] = done,
                ["items_per_s_while_measured"] = Math.Round(done / (double)cpu["cpu_wall_s"]!, 1),
                ["drained"] = drained,
                ["perf_data"] = perfData,
                ["counters_file"] = countersFile,
                ["node_by_library"] = ByLibrary(nodeFunctions),
                ["node_top_functions"] = nodeFunctions.Take(TopEntries).ToList(),
                ["postgres_top_functions"] = backends.Count == 0
                    ? ["the cluster's backend PIDs were not found"]
                    : await PerfReportAsync(perf, perfData, logs, ["--pid", backendPids, "--sort", "sym"]),
                ["node_workflow_inclusive"] = await InclusiveAsync(perf, perfData, logs, nodePid, line => line.Contains("[Workflow.", StringComparison.Ordinal), 15),
                ["postgres_phases_inclusive"] = backends.Count == 0
                    ? []
                    : await InclusiveAsync(perf, perfData, logs, backendPids, line => PostgresPhases.Any(phase => line.EndsWith("] " + phase, StringComparison.Ordinal)), 20),
                ["node_counters"] = SummarizeCounters(countersFile),
            };
            foreach (var (key, value) in cpu)
            {
                figures[key] = value;
            }

            // The runtime writes the perf map to /tmp and never removes it. Moving it beside perf.data keeps the
            // recording readable (copy it back to /tmp to run perf report again) without filling /tmp.
            var perfMap = $"/tmp/perf-{nodePid}.map";
            if (File.Exists(perfMap))
            {
                File.Move(perfMap, Path.Combine(logs, Path.GetFileName(perfMap)), overwrite: true);
                figures["perf_map"] = Path.Combine(logs, Path.GetFileName(perfMap));
            }

            return BenchContext.Result("profile", "drain, 1 node, perf", settings, figures, [],
                ["recorded after a tenth of the items, so start-up is left out; sampling costs some throughput, so the table has no figure for it",
             "function shares are of the named processes' samples (perf report --percentage relative)"]);
        }
        finally
        {
            await context.Admin.DropDatabaseAsync(databaseName);
        }
    }

    /// <summary>
    /// Runs perf report without call graphs and returns its lines as "percent what", at most
    /// <paramref name="limit"/> of them (0 for all).
    /// </summary>
    private static async Task<List<string>> PerfReportAsync(string perf, string data, string logs, string[] sort, int limit = TopEntries)
    {
        var (exitCode, output) = await CommandRunner.RunAsync(perf,
            ["report", "-i", data, "--stdio", "--no-children", "-g", "none", "--percentage", "relative", .. sort],
            logs, TimeSpan.FromMinutes(5));
        if (exitCode != 0)
        {
            return [$"perf report failed with exit code {exitCode}: {output.Trim()}"];
        }

        var lines = output.Split('\n')
            .Where(line => ReportLine().IsMatch(line))
            .Select(line => Whitespace().Replace(line.Trim(), " "));
        return [.. limit > 0 ? lines.Take(limit) : lines];
    }

    /// <summary>
    /// Returns the functions of the given processes that match <paramref name="select"/>, with the share of samples
    /// whose stack contains them (perf report --children), largest first.
    /// </summary>
    private static async Task<List<string>> InclusiveAsync(
        string perf, string data, string logs, string pids, Func<string, bool> select, int limit)
    {
        var (exitCode, output) = await CommandRunner.RunAsync(perf,
            ["report", "-i", data, "--stdio", "--children", "-g", "none", "--percentage", "relative", "--pid", pids, "--sort", "sym"],
            logs, TimeSpan.FromMinutes(5));
        if (exitCode != 0)
        {
            return [$"perf report failed with exit code {exitCode}: {output.Trim()}"];
        }

        // A line is "children% self% [.] function"; only the inclusive share and the function are kept.
        return [.. output.Split('\n')
            .Where(line => ReportLine().IsMatch(line))
            .Select(line => Whitespace().Replace(line.Trim(), " "))
            .Where(select)
            .Select(line => line.Split(' ', 3) is [var children, _, var function] ? $"{children} {function}" : line)
            .Take(limit)];
    }

    /// <summary>Sums "percent library [x] function" lines by library, largest first.</summary>
    private static List<string> ByLibrary(List<string> functions)
        => [.. functions
            .Select(line => line.Split(' '))
            .Where(parts => parts.Length >= 2)
            .GroupBy(parts => parts[1], parts => double.Parse(parts[0].TrimEnd('%'), CultureInfo.InvariantCulture))
            .Select(group => (Library: group.Key, Percent: group.Sum()))
            .OrderByDescending(entry => entry.Percent)
            .Where(entry => entry.Percent >= 0.5)
            .Select(entry => string.Create(CultureInfo.InvariantCulture, $"{entry.Percent:0.00}% {entry.Library}"))];

    /// <summary>Mean and max of each counter that dotnet-counters recorded, by counter name.</summary>
    private static Dictionary<string, object?> SummarizeCounters(string path)
    {
        if (!File.Exists(path))
        {
            return new Dictionary<string, object?> { ["error"] = $"dotnet-counters wrote no file {path}; see logs/dotnet-counters.log" };
        }

        // A dotnet-counters that was killed leaves the JSON array open, so a truncated file is completed first.
        var text = File.ReadAllText(path).TrimEnd();
        if (!text.EndsWith('}'))
        {
            text = text.TrimEnd(',') + "]}";
        }

        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("Events").EnumerateArray()
            .Where(e => e.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number)
            .GroupBy(e => e.GetProperty("name").GetString() + Tags(e))
            .ToDictionary(
                g => g.Key,
                g => (object?)new
                {
                    mean = Math.Round(g.Average(e => e.GetProperty("value").GetDouble()), 3),
                    max = Math.Round(g.Max(e => e.GetProperty("value").GetDouble()), 3),
                });
    }

    private static string Tags(JsonElement element)
        => element.TryGetProperty("tags", out var tags) && tags.GetString() is { Length: > 0 } text ? $" [{text}]" : "";

    /// <summary>The repository folder that contains dotnet-tools.json, found upwards from the server's build folder.</summary>
    private static string ToolManifestFolder(string serverDll)
    {
        for (var folder = Path.GetDirectoryName(serverDll); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(Path.Combine(folder, "dotnet-tools.json")))
            {
                return folder;
            }
        }

        throw new InvalidOperationException($"No dotnet-tools.json above {serverDll}, so dotnet-counters cannot be restored.");
    }

    [GeneratedRegex(@"^\s+\d+\.\d+%")]
    private static partial Regex ReportLine();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
