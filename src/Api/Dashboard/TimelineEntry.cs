using Workflow.Persistence.Dashboard;

namespace Workflow.Api.Dashboard;

/// <summary>One step of an item's state timeline on its detail page.</summary>
internal sealed record TimelineEntry(DateTimeOffset At, string Title, string? Detail, string Css)
{
    /// <summary>
    /// Builds the timeline from the stored times: creation, each shown attempt's start and end, and the item's
    /// current state. Earlier transitions (such as a retry by an operator) leave no row of their own, so they show
    /// only through the attempts around them.
    /// </summary>
    public static IReadOnlyList<TimelineEntry> From(ItemDetail detail, DateTimeOffset now)
    {
        var item = detail.Item;
        var entries = new List<TimelineEntry> { new(item.CreatedAt, "Created", $"in queue {item.Queue}", "created") };
        foreach (var attempt in detail.Attempts.OrderBy(a => a.Number).ThenBy(a => a.Id))
        {
            var node = attempt.NodeId is { } id ? $"on node {id.ToString()[..8]}" : "without a node";
            entries.Add(new(attempt.StartedAt, $"Attempt {attempt.Number} started", node, "running"));
            var category = attempt.ErrorCategory is null ? "" : $" ({attempt.ErrorCategory})";
            entries.Add(new(attempt.FinishedAt, $"Attempt {attempt.Number} {attempt.Outcome}{category}",
                Display.Duration(attempt.DurationMs), "outcome-" + attempt.Outcome));
        }

        switch (item.State)
        {
            case "pending" when item.RunAt > now:
                entries.Add(new(item.RunAt, "Scheduled", "pending until then", "pending"));
                break;
            case "pending":
                entries.Add(new(item.RunAt, "Due", "pending, waiting for a free worker", "pending"));
                break;
            case "running" when item.LeasedAt is { } leased:
                entries.Add(new(leased, $"Running attempt {item.Attempt}", $"leased by node {item.LeasedBy?.ToString()[..8]}", "running"));
                break;
            default:
                if (item.FinishedAt is { } finished)
                {
                    entries.Add(new(finished, char.ToUpperInvariant(item.State[0]) + item.State[1..], null, "final-" + item.State));
                }

                break;
        }

        return [.. entries.OrderBy(e => e.At)];
    }
}
