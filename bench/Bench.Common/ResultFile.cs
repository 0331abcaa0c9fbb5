using System.Text.Json;

namespace Workflow.Bench.Common;

/// <summary>Appends results as JSON lines, one object per line, and echoes a short summary to the console.</summary>
public sealed class ResultFile(string path)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = false,
    };

    private readonly Lock _lock = new();

    public void Append(BenchResult result)
    {
        var line = JsonSerializer.Serialize(result, JsonOptions);
        lock (_lock)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            File.AppendAllText(path, line + "\n");
        }

        var headlines = string.Join(", ", result.Headlines.Select(h => h.Value is { } v ? $"{h.Name} {v:0.##} {h.Unit}" : $"{h.Name} {h.Text}"));
        Progress.Write(result.Error is null
            ? $"{result.System} {result.Workload} ({result.Variant}): {headlines}"
            : $"{result.System} {result.Workload} ({result.Variant}) FAILED: {result.Error}");
    }
}
