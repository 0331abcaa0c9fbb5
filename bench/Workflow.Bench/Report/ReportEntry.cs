using System.Text.Json;
using Workflow.Bench.Common;

namespace Workflow.Bench.Report;

/// <summary>One result line read back from the results file.</summary>
internal sealed record ReportEntry(
    string System,
    string Workload,
    string Variant,
    JsonElement Settings,
    JsonElement Figures,
    IReadOnlyList<Headline> Headlines,
    IReadOnlyList<string> Notes,
    string? Error)
{
    public static List<ReportEntry> ReadAll(string path)
    {
        var entries = new List<ReportEntry>();
        foreach (var line in File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            var result = JsonSerializer.Deserialize<ResultLine>(line, ResultFile.JsonOptions)
                ?? throw new InvalidDataException($"A line of {path} is not a result object: {line}");
            entries.Add(new ReportEntry(result.System, result.Workload, result.Variant, result.Settings, result.Figures,
                result.Headlines ?? [], result.Notes ?? [], result.Error));
        }

        return entries;
    }

    /// <summary>A figure or setting as text, or null when it is missing.</summary>
    public static string? Text(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    private sealed record ResultLine(
        string System,
        string Workload,
        string Variant,
        JsonElement Settings,
        JsonElement Figures,
        List<Headline>? Headlines,
        List<string>? Notes,
        string? Error);
}
