using Workflow.Bench.Common;

namespace Hangfire.Bench;

/// <summary>What every Hangfire workload needs: the settings, the cluster, where results go, server processes.</summary>
internal sealed class HangfireContext
{
    public const string SystemName = "hangfire";

    public required BenchSettings Settings { get; init; }

    public required PostgresAdmin Admin { get; init; }

    public required ResultFile Results { get; init; }

    public required ServerLauncher Servers { get; init; }

    public int? PostmasterPid { get; init; }

    public bool StatementStats { get; init; }

    /// <summary>PostgreSQL settings and Hangfire's default options, recorded with every result.</summary>
    public required IReadOnlyDictionary<string, object?> RunSettings { get; init; }

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
