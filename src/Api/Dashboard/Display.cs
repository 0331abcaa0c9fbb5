using System.Globalization;
using System.Text.Json;
using Workflow.Engine.Scaling;
using Workflow.Persistence.Dashboard;

namespace Workflow.Api.Dashboard;

/// <summary>Formats numbers, times and durations the same way on every dashboard page.</summary>
internal static class Display
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Returns a capped state count of <see cref="DashboardStatsQuery.CountByStateAsync"/>, such as <c>100,000+</c>.</summary>
    public static string StateCount(long value)
        => value > DashboardStatsQuery.CountCap ? Count(DashboardStatsQuery.CountCap) + "+" : Count(value);

    /// <summary>Returns the time in UTC, such as <c>2026-12-04 18:33:12Z</c>.</summary>
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Returns the start of an hour in UTC, such as <c>2026-12-04 18:00Z</c>.</summary>
    public static string Hour(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:00'Z'", CultureInfo.InvariantCulture);

    /// <summary>Returns the time as ISO 8601 in UTC to the second, such as <c>2026-12-04T18:33:12Z</c>, for attributes.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Returns the time relative to <paramref name="now"/>, such as <c>3 min ago</c> or <c>in 2 h</c>.</summary>
    public static string Relative(DateTimeOffset at, DateTimeOffset now)
    {
        var delta = now - at;
        if (delta.Duration() < TimeSpan.FromSeconds(1))
        {
            return "just now";
        }

        var text = Span(delta.Duration());
        return delta >= TimeSpan.Zero ? $"{text} ago" : $"in {text}";
    }

    /// <summary>Returns a duration in milliseconds as ms, s, min or h.</summary>
    public static string Duration(double milliseconds) => milliseconds switch
    {
        < 1 => milliseconds.ToString("0.##", CultureInfo.InvariantCulture) + " ms",
        < 1000 => milliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms",
        _ => Span(TimeSpan.FromMilliseconds(milliseconds)),
    };

    public static string Percent(double? share)
        => share is { } value ? (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "–";

    /// <summary>Returns a name in snake case, such as an alert type or a scale reason, as words.</summary>
    public static string Words(string name) => name.Replace('_', ' ');

    /// <summary>Returns why the pool changed size, as words: <c>backlog</c> or <c>low utilization</c>.</summary>
    public static string ScaleReason(ScaleReason reason) => Words(JsonNamingPolicy.SnakeCaseLower.ConvertName(reason.ToString()));

    public static string Rate(double perSecond) => perSecond.ToString(perSecond < 10 ? "0.##" : "0", CultureInfo.InvariantCulture);

    private static string Span(TimeSpan span) => span.TotalSeconds switch
    {
        < 60 => span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s",
        < 3600 => span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min",
        < 86_400 => span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h",
        _ => span.TotalDays.ToString("0.#", CultureInfo.InvariantCulture) + " d",
    };
}
