using Workflow.Persistence.Dashboard;

namespace Workflow.Api.Dashboard;

/// <summary>One hour's bars in SVG user units, formatted for the <c>rect</c> attributes.</summary>
internal sealed record HistoryBar(
    HourlyStats Hour, string X, string Width, string SucceededY, string SucceededHeight, string FailedY, string FailedHeight);
