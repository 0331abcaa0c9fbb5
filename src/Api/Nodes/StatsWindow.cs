using System.Globalization;

namespace Workflow.Api.Nodes;

/// <summary>
/// The <c>window</c> query parameter of <c>GET /api/v1/stats</c>: a whole number followed by <c>s</c>, <c>m</c>
/// or <c>h</c>, such as <c>30s</c>, <c>5m</c> or <c>2h</c>, from <see cref="Min"/> to <see cref="Max"/>.
/// </summary>
internal static class StatsWindow
{
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan Min = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Maximum window. The percentiles sort every attempt of the window, so a limit of one day bounds the work of
    /// one request on a busy system.
    /// </summary>
    public static readonly TimeSpan Max = TimeSpan.FromHours(24);

    public const string Rule = "The window is a whole number followed by s, m or h (such as 30s, 5m or 2h), from 1s to 24h.";

    /// <summary>Parses <paramref name="text"/>; null means the default. Returns false when it is invalid or out of range.</summary>
    public static bool TryParse(string? text, out TimeSpan window)
    {
        window = Default;
        if (text is null)
        {
            return true;
        }

        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        var unit = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            _ => TimeSpan.Zero,
        };

        // Compared in seconds first, so a huge count cannot overflow TimeSpan.
        if (unit == TimeSpan.Zero || count > Max.TotalSeconds)
        {
            return false;
        }

        window = unit * count;
        return window >= Min && window <= Max;
    }
}
