namespace Workflow.Bench.Common;

/// <summary>Memory sizes as reported: mebibytes (1,048,576 bytes), rounded to 0.1.</summary>
public static class Sizes
{
    public static double? Mebibytes(long? bytes) => bytes is { } b ? Math.Round(b / 1048576.0, 1) : null;
}
