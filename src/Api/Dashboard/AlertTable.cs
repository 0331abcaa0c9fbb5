namespace Workflow.Api.Dashboard;

/// <summary>The rows of an alert table and how to show them.</summary>
/// <param name="Alerts">The alerts in the order to show them.</param>
/// <param name="Now">The time that relative times are measured from.</param>
/// <param name="ShowNode">True to add a column with each alert's node, for a table that spans nodes.</param>
internal sealed record AlertTable(IReadOnlyList<NodeAlert> Alerts, DateTimeOffset Now, bool ShowNode)
{
    /// <summary>True when a resolved alert is among the rows, so the table needs a column for the time it resolved.</summary>
    public bool ShowResolved => Alerts.Any(a => a.Alert.ResolvedAt is not null);
}
