using Workflow.Bench.Common;

namespace Workflow.Bench;

/// <summary>What every Workflow workload needs: the settings, the cluster, and where results go.</summary>
internal sealed class BenchContext
{
    public const string SystemName = "workflow";

    public required BenchSettings Settings { get; init; }

    public required PostgresAdmin Admin { get; init; }

    public required ResultFile Results { get; init; }

    public required NodeLauncher Nodes { get; init; }

    /// <summary>PID of the PostgreSQL postmaster, for CPU accounting; null when it could not be read.</summary>
    public int? PostmasterPid { get; init; }

    /// <summary>Whether pg_stat_statements is loaded, so drains can report their top statements.</summary>
    public bool StatementStats { get; init; }

    /// <summary>PostgreSQL settings and the node settings taken from the environment, recorded with every result.</summary>
    public required IReadOnlyDictionary<string, object?> RunSettings { get; init; }

    /// <summary>Returns the run settings plus the workload's own.</summary>
    public Dictionary<string, object?> SettingsWith(params (string Name, object? Value)[] workload)
    {
        var settings = new Dictionary<string, object?>(RunSettings);
        foreach (var (name, value) in workload)
        {
            settings[name] = value;
        }

        return settings;
    }

    public static BenchResult Result(
        string workload,
        string variant,
        Dictionary<string, object?> settings,
        Dictionary<string, object?> figures,
        IReadOnlyList<Headline> headlines,
        IReadOnlyList<string>? notes = null,
        string? error = null)
        => new(SystemName, workload, variant, DateTimeOffset.UtcNow, settings, figures, headlines, notes ?? [], error);
}
