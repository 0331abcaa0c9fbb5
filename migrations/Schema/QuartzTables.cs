using System.Reflection;

namespace Workflow.Migrations.Schema;

/// <summary>
/// Quartz.NET's tables for the clustered job store, from the PostgreSQL script that Quartz.NET 4.7.3 ships in its
/// assembly (resource <c>Quartz.Impl.AdoJobStore.Schema.create_postgres.sql</c>, kept unchanged in
/// <c>QuartzTables.sql</c>). The tables live in the <c>workflow</c> schema with the <c>qrtz_</c> prefix, which the
/// engine's scheduler is configured with. A Quartz.NET upgrade that changes the script needs a new migration.
/// </summary>
internal static class QuartzTables
{
    /// <summary>Prefix of every table, with its schema; the script's <c>{0}</c>.</summary>
    public const string Prefix = "workflow.qrtz_";

    /// <summary>The same prefix without the schema, for index names; the script's <c>{1}</c>.</summary>
    public const string PrefixWithoutSchema = "qrtz_";

    /// <summary>The tables in the order the script creates them, so dropping them in reverse respects the foreign keys.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "job_details", "triggers", "simple_triggers", "cron_triggers", "simprop_triggers", "blob_triggers", "calendars",
        "paused_trigger_grps", "paused_job_grps", "fired_triggers", "scheduler_state", "locks", "execution_history",
        "misfire_history", "job_status",
    ];

    /// <summary>
    /// The script's statements with the prefixes filled in. The script separates statements by a line reading
    /// <c>--;;</c>; pieces that hold only comments are left out.
    /// </summary>
    public static IReadOnlyList<string> CreateStatements()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Workflow.Migrations.Schema.QuartzTables.sql")
            ?? throw new InvalidOperationException("The embedded resource Workflow.Migrations.Schema.QuartzTables.sql is missing.");
        using var reader = new StreamReader(stream);
        var script = reader.ReadToEnd().ReplaceLineEndings("\n");
        return [.. script.Split("\n--;;\n")
            .Select(piece => string.Join('\n', piece.Split('\n').Where(line => !line.StartsWith("--", StringComparison.Ordinal))).Trim())
            .Where(statement => statement.Length > 0)
            .Select(statement => statement.Replace("{0}", Prefix, StringComparison.Ordinal)
                .Replace("{1}", PrefixWithoutSchema, StringComparison.Ordinal))];
    }
}
