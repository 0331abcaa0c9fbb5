using System.Globalization;

namespace Workflow.Bench.Common;

/// <summary>Timestamped progress lines on standard error, so standard output keeps only the report.</summary>
public static class Progress
{
    public static void Write(string message)
        => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {message}"));
}
