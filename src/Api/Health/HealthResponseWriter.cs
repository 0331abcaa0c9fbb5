using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Workflow.Api.Health;

/// <summary>
/// Writes a health report as JSON: the overall <c>status</c> and, under <c>checks</c>, each check's status and
/// description. Exception details stay out of the body, because a database error can name hosts and users.
/// </summary>
internal static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var checks = report.Entries.ToDictionary(
            entry => entry.Key,
            entry => new HealthCheckResponse(entry.Value.Status.ToString(), entry.Value.Description));
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new HealthResponse(report.Status.ToString(), checks), Options);
    }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

/// <summary>The body of <c>/health/live</c> and <c>/health/ready</c>.</summary>
public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, HealthCheckResponse> Checks);

/// <summary>One check's status (<c>Healthy</c>, <c>Degraded</c> or <c>Unhealthy</c>) and what it found.</summary>
public sealed record HealthCheckResponse(string Status, string? Description);
