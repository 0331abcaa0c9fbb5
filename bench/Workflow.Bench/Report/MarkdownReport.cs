using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Workflow.Bench.Report;

/// <summary>
/// Prints the results file as markdown. It lists the machine and PostgreSQL settings, then one table with
/// Workflow and Hangfire side by side and the goals, then each row's settings, then the CPU and statement
/// profile of the drains. An advantage above 1 means Workflow is better.
/// </summary>
internal static class MarkdownReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static int Print(string[] args)
    {
        string? results = null, machine = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--results": results = args[i + 1]; break;
                case "--machine": machine = args[i + 1]; break;
                default: throw new ArgumentException($"Unknown report option '{args[i]}'; use --results FILE [--machine FILE].");
            }
        }

        if (results is null || !File.Exists(results))
        {
            throw new ArgumentException($"--results '{results}' is missing or not a file.");
        }

        var entries = ReportEntry.ReadAll(results);
        var text = new StringBuilder();
        WriteEnvironment(text, entries, machine);
        WriteTable(text, entries);
        WriteRowSettings(text, entries);
        WriteProfile(text, entries);
        WriteSampledProfile(text, entries);
        Console.Write(text.ToString());
        return 0;
    }

    private static void WriteEnvironment(StringBuilder text, List<ReportEntry> entries, string? machine)
    {
        text.AppendLine("### Machine and PostgreSQL").AppendLine();
        if (machine is not null && File.Exists(machine))
        {
            foreach (var line in File.ReadLines(machine).Where(l => l.Contains(':', StringComparison.Ordinal)))
            {
                text.AppendLine(Invariant, $"- {line.Trim()}");
            }
        }

        if (entries.FirstOrDefault() is { } first)
        {
            foreach (var property in first.Settings.EnumerateObject().Where(p => p.Name.StartsWith("pg_", StringComparison.Ordinal)))
            {
                text.AppendLine(Invariant, $"- PostgreSQL {property.Name[3..]}: {ReportEntry.Text(first.Settings, property.Name) ?? "(unset)"}");
            }

            text.AppendLine(Invariant, $"- quick mode: {ReportEntry.Text(first.Settings, "quick")}");
        }

        text.AppendLine();
    }

    private static void WriteTable(StringBuilder text, List<ReportEntry> entries)
    {
        text.AppendLine("### Workflow and Hangfire side by side").AppendLine();
        text.AppendLine("| workload | figure | Workflow | Hangfire | Workflow advantage | goal (Workflow) | met |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | --- | --- |");
        foreach (var (workload, variant) in entries.Where(e => e.Workload != "profile").Select(e => (e.Workload, e.Variant)).Distinct())
        {
            var workflow = Find(entries, "workflow", workload, variant);
            var hangfire = Find(entries, "hangfire", workload, variant);
            var names = (workflow?.Headlines ?? []).Concat(hangfire?.Headlines ?? []).Select(h => h.Name).Distinct().ToList();
            if (names.Count == 0)
            {
                names.Add("(failed)");
            }

            foreach (var name in names)
            {
                var w = workflow?.Headlines.FirstOrDefault(h => h.Name == name);
                var h = hangfire?.Headlines.FirstOrDefault(x => x.Name == name);
                var higherIsBetter = w?.HigherIsBetter ?? h?.HigherIsBetter ?? true;
                var advantage = higherIsBetter ? Targets.Ratio(w?.Value, h?.Value) : Targets.Ratio(h?.Value, w?.Value);
                var goals = Targets.All.Where(t => t.Workload == workload && (t.Variant is null || t.Variant == variant) && t.Headline == name).ToList();
                var goalText = string.Join("; ", goals.Select(g => g.Goal));
                var workflowN = workflow is null ? null : ReportEntry.Text(workflow.Settings, "n");
                var metText = string.Join("; ", goals.Select(g =>
                    g.RequiredN is { } required && workflowN != required.ToString(Invariant)
                        ? $"not judged (N={workflowN})"
                        : Met(g.Evaluate(w?.Value, h?.Value, (wl, v, n) => Value(entries, wl, v, n)))));
                text.AppendLine(Invariant,
                    $"| {workload} ({variant}) | {name} | {Cell(workflow, w)} | {Cell(hangfire, h)} | {Factor(advantage)} | {goalText} | {metText} |");
            }
        }

        text.AppendLine();
        text.AppendLine("Workflow advantage: Workflow's figure over Hangfire's where higher is better, Hangfire's over Workflow's where lower is better.");
        text.AppendLine("met: how many times the goal the figure reaches (above 1 is met).").AppendLine();
    }

    private static void WriteRowSettings(StringBuilder text, List<ReportEntry> entries)
    {
        text.AppendLine("### Settings of each row").AppendLine();
        foreach (var system in entries.Select(e => e.System).Distinct())
        {
            var rows = entries.Where(e => e.System == system).ToList();
            var shared = SharedSettings(rows);
            var sharedText = shared.Where(p => !p.Key.StartsWith("pg_", StringComparison.Ordinal) && p.Key != "quick")
                .Select(p => $"{p.Key}={p.Value}");
            text.AppendLine(Invariant, $"- {system}, every row: {string.Join(", ", sharedText)}");
            foreach (var entry in rows)
            {
                var own = entry.Settings.EnumerateObject()
                    .Where(p => !shared.ContainsKey(p.Name))
                    .Select(p => $"{p.Name}={ReportEntry.Text(entry.Settings, p.Name)}");
                text.AppendLine(Invariant, $"- {system} {entry.Workload} ({entry.Variant}): {string.Join(", ", own)}");
                foreach (var note in entry.Notes)
                {
                    text.AppendLine(Invariant, $"  - {note}");
                }

                if (entry.Error is not null)
                {
                    text.AppendLine(Invariant, $"  - **failed**: {entry.Error}");
                }
            }
        }

        text.AppendLine();
    }

    /// <summary>Settings with the same value in every row of one system, so they are printed once.</summary>
    private static Dictionary<string, string?> SharedSettings(List<ReportEntry> rows)
    {
        var shared = rows[0].Settings.EnumerateObject().ToDictionary(p => p.Name, p => ReportEntry.Text(rows[0].Settings, p.Name));
        foreach (var row in rows.Skip(1))
        {
            foreach (var name in shared.Keys.ToList())
            {
                if (ReportEntry.Text(row.Settings, name) != shared[name])
                {
                    shared.Remove(name);
                }
            }
        }

        return shared;
    }

    private static void WriteProfile(StringBuilder text, List<ReportEntry> entries)
    {
        var drains = entries.Where(e => e.Workload == "drain").ToList();
        text.AppendLine("### Where the time goes").AppendLine();
        text.AppendLine("CPU seconds over the drain, from /proc (machine total over all cores; processes since their start).").AppendLine();
        text.AppendLine("| system | variant | wall s | machine busy s | idle s | iowait s | PostgreSQL s | node/server processes s | driver s | WAL syncs | WAL sync ms |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var drain in drains)
        {
            var f = drain.Figures;
            var children = f.ValueKind == JsonValueKind.Object
                ? f.EnumerateObject().Where(p => p.Name.StartsWith("cpu_", StringComparison.Ordinal) && p.Name.Contains("node", StringComparison.Ordinal)
                                                 || p.Name.StartsWith("cpu_", StringComparison.Ordinal) && p.Name.Contains("server", StringComparison.Ordinal))
                    .Sum(p => p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : 0)
                : 0;
            text.AppendLine(Invariant,
                $"| {drain.System} | {drain.Variant} | {T(f, "cpu_wall_s")} | {T(f, "cpu_machine_busy_s")} | {T(f, "cpu_machine_idle_s")} | {T(f, "cpu_machine_iowait_s")} | {T(f, "cpu_postgres_s")} | {children:0.##} | {T(f, "cpu_driver_s")} | {T(f, "wal_syncs")} | {T(f, "wal_sync_ms")} |");
        }

        text.AppendLine();
        text.AppendLine("Statements come from pg_stat_statements, reset before each measured phase; their total time is execution only, without parsing and planning.").AppendLine();
        foreach (var drain in entries.Where(d => d.Figures.ValueKind == JsonValueKind.Object && d.Figures.TryGetProperty("top_statements", out _)))
        {
            text.AppendLine(Invariant, $"Top statements by execution time, {drain.System} {drain.Workload} ({drain.Variant}):").AppendLine();
            text.AppendLine("| calls | total ms | mean ms | rows | statement |");
            text.AppendLine("| ---: | ---: | ---: | ---: | --- |");
            foreach (var statement in drain.Figures.GetProperty("top_statements").EnumerateArray())
            {
                var query = (ReportEntry.Text(statement, "query") ?? "").Replace("|", "\\|", StringComparison.Ordinal);
                text.AppendLine(Invariant,
                    $"| {T(statement, "calls")} | {T(statement, "total_ms")} | {T(statement, "mean_ms")} | {T(statement, "rows")} | `{query}` |");
            }

            text.AppendLine();
        }
    }

    private static void WriteSampledProfile(StringBuilder text, List<ReportEntry> entries)
    {
        foreach (var profile in entries.Where(e => e.Workload == "profile"))
        {
            text.AppendLine(Invariant, $"### Profile: {profile.Variant}").AppendLine();
            if (profile.Error is not null)
            {
                text.AppendLine(Invariant, $"Profiling failed: {profile.Error}").AppendLine();
                continue;
            }

            var f = profile.Figures;
            text.AppendLine(Invariant,
                $"While recorded ({T(f, "cpu_wall_s")} s): {T(f, "items_while_measured")} items ({T(f, "items_per_s_while_measured")} items/s); " +
                $"CPU seconds: node {T(f, "cpu_node_s")}, PostgreSQL {T(f, "cpu_postgres_s")}, driver {T(f, "cpu_driver_s")}, " +
                $"whole machine busy {T(f, "cpu_machine_busy_s")} and idle {T(f, "cpu_machine_idle_s")} of {T(f, "cpu_cores")} cores. " +
                $"Raw data: {T(f, "perf_data")}.").AppendLine();
            foreach (var (name, title) in new[]
            {
                ("node_by_library", "Node process, samples by library (perf-PID.map is JIT-compiled .NET code)"),
                ("node_top_functions", "Node process, top functions"),
                ("node_workflow_inclusive", "Node process, Workflow methods by inclusive share (on the stack)"),
                ("postgres_top_functions", "PostgreSQL backends of the cluster, top functions"),
                ("postgres_phases_inclusive", "PostgreSQL backends of the cluster, statement phases by inclusive share"),
            })
            {
                text.AppendLine(Invariant, $"{title}:").AppendLine().AppendLine("```");
                if (f.TryGetProperty(name, out var lines) && lines.ValueKind == JsonValueKind.Array)
                {
                    foreach (var line in lines.EnumerateArray())
                    {
                        text.AppendLine(line.GetString());
                    }
                }

                text.AppendLine("```").AppendLine();
            }

            if (profile.Figures.TryGetProperty("node_counters", out var counters) && counters.ValueKind == JsonValueKind.Object)
            {
                text.AppendLine("Node runtime counters (dotnet-counters, mean and max of 1 s samples):").AppendLine();
                text.AppendLine("| counter | mean | max |").AppendLine("| --- | ---: | ---: |");
                foreach (var counter in counters.EnumerateObject())
                {
                    text.AppendLine(Invariant, $"| {counter.Name} | {T(counter.Value, "mean")} | {T(counter.Value, "max")} |");
                }

                text.AppendLine();
            }
        }
    }

    private static ReportEntry? Find(List<ReportEntry> entries, string system, string workload, string variant)
        => entries.LastOrDefault(e => e.System == system && e.Workload == workload && e.Variant == variant);

    private static double? Value(List<ReportEntry> entries, string workload, string variant, string headline)
        => Find(entries, "workflow", workload, variant)?.Headlines.FirstOrDefault(h => h.Name == headline)?.Value;

    private static string Cell(ReportEntry? entry, Common.Headline? headline)
    {
        if (entry is null)
        {
            return "not run";
        }

        var value = headline switch
        {
            null => entry.Error is null ? "n/a" : "failed",
            { Value: { } v } => $"{Number(v)} {headline.Unit}",
            _ => headline.Text ?? "n/a",
        };
        return entry.Error is null ? value : value + " (failed)";
    }

    private static string Number(double value)
        => value >= 100 ? value.ToString("N0", Invariant) : value.ToString("0.##", Invariant);

    private static string Factor(double? ratio) => ratio is { } r && !double.IsInfinity(r) ? $"{Number(r)}x" : "";

    private static string Met(double? margin) => margin switch
    {
        null => "not judged",
        { } m when double.IsPositiveInfinity(m) => "yes",
        { } m when m >= 1 => $"yes ({Number(m)}x)",
        { } m => $"no ({Number(m)}x)",
    };

    private static string T(JsonElement element, string name) => ReportEntry.Text(element, name) ?? "";
}
