using System.Text.Json;
using Workflow.Api.Items;
using Workflow.Api.Problems;
using Workflow.Engine;
using Workflow.Engine.Circuits;
using Workflow.Engine.Pool;
using Workflow.Api.Security;
using Workflow.Persistence.Nodes;
using Workflow.Persistence.Operations;

namespace Workflow.Api.Nodes;

/// <summary>
/// Routes for the engine as a whole:
/// <list type="table">
/// <item><term>GET /api/v1/stats?window=</term><description>item counts by state, and percentiles of attempt
/// duration and queue wait over the window (default 5m)</description></item>
/// <item><term>GET /api/v1/nodes</term><description>nodes with their state, heartbeat and pool snapshot</description></item>
/// <item><term>GET /api/v1/circuits</term><description>this node's circuit breakers, their state and counts</description></item>
/// <item><term>GET /api/v1/alerts</term><description>active and recently resolved alerts of every node</description></item>
/// </list>
/// </summary>
internal static class SystemEndpoints
{
    private static readonly string[] States = ["pending", "running", "succeeded", "dead", "cancelled"];

    public static void MapSystemEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("System").RequireAuthorization(ApiScopes.ReadPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/stats", GetStatsAsync).WithName("GetStats").Produces<StatsResponse>().ProducesValidationProblem();
        group.MapGet("/nodes", ListNodesAsync).WithName("ListNodes").Produces<IReadOnlyList<NodeResponse>>();
        group.MapGet("/circuits", ListCircuits).WithName("ListCircuits").Produces<IReadOnlyList<CircuitResponse>>();
        group.MapGet("/alerts", ListAlertsAsync).WithName("ListAlerts").Produces<IReadOnlyList<AlertResponse>>();
    }

    private static async Task<IResult> GetStatsAsync(
        HttpRequest request, string? window, WorkItemQueries queries, AttemptStatistics statistics, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        foreach (var name in request.Query.Keys.Where(k => k != "window"))
        {
            errors.Add(new FieldError(name, "Unknown query parameter. Allowed parameters: window."));
        }

        if (!StatsWindow.TryParse(window, out var span))
        {
            errors.Add(new FieldError("window", $"The window '{window}' is invalid. {StatsWindow.Rule}"));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var counts = await queries.CountByStateAsync(cancellationToken);
        var byState = States.ToDictionary(s => s, s => counts.GetValueOrDefault(s));
        var percentiles = await statistics.ReadAsync(span, cancellationToken);
        return Results.Ok(new StatsResponse(
            byState, span.TotalSeconds, LatencyResponse.From(percentiles.Duration), LatencyResponse.From(percentiles.QueueWait)));
    }

    private static async Task<IResult> ListNodesAsync(WorkItemQueries queries, CancellationToken cancellationToken)
    {
        var nodes = await queries.ListNodesAsync(cancellationToken);
        return Results.Ok(nodes.Select(n => new NodeResponse(
            n.Id, n.Host, n.ProcessId, n.State, n.Queues, n.StartedAt, n.HeartbeatAt, ParseJson(n.Snapshot))).ToList());
    }

    /// <summary>
    /// Lists the breakers of the node that serves the request, live. Breakers are per node, and the other nodes'
    /// breakers are in the pool snapshots of GET /api/v1/nodes, as of their last heartbeat.
    /// </summary>
    private static IResult ListCircuits(CircuitRegistry circuits, NodeIdentity node)
        => Results.Ok(circuits.Snapshot().Select(c => CircuitResponse.From(node.NodeId, c)).ToList());

    /// <summary>
    /// Lists the alerts in the node rows' snapshots as of each node's last heartbeat: active ones first, then
    /// resolved ones, newest first within each. A dead or stopped node's alerts stay as it last stored them, and
    /// <see cref="AlertResponse.NodeState"/> shows that state.
    /// </summary>
    private static async Task<IResult> ListAlertsAsync(WorkItemQueries queries, CancellationToken cancellationToken)
    {
        var nodes = await queries.ListNodesAsync(cancellationToken);
        var alerts = new List<AlertResponse>();
        foreach (var node in nodes)
        {
            if (NodeSnapshotJson.ReadHealth(node.Snapshot) is not { } health)
            {
                continue;
            }

            alerts.AddRange(health.Alerts.Concat(health.RecentAlerts).Select(a => AlertResponse.From(node.Id, node.State, a)));
        }

        return Results.Ok(alerts.OrderBy(a => a.ResolvedAt is not null).ThenByDescending(a => a.RaisedAt).ToList());
    }

    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>
/// Item counts by state, and percentiles over the attempts that finished in the last <see cref="WindowSeconds"/>
/// and whose handler reached an outcome (succeeded, failed or timed out).
/// </summary>
public sealed record StatsResponse(
    IReadOnlyDictionary<string, long> Counts,
    double WindowSeconds,
    LatencyResponse AttemptDuration,
    LatencyResponse QueueWait);

/// <summary>How many attempts were measured, and their percentiles in seconds; null when none were.</summary>
public sealed record LatencyResponse(long Count, double? P50, double? P95, double? P99)
{
    public static LatencyResponse From(Percentiles percentiles)
        => new(percentiles.Count, percentiles.P50, percentiles.P95, percentiles.P99);
}

/// <summary>A node as the API returns it; <see cref="Pool"/> is its latest pool snapshot.</summary>
public sealed record NodeResponse(
    Guid Id,
    string Host,
    int ProcessId,
    string State,
    IReadOnlyList<string> Queues,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    JsonElement Pool);
