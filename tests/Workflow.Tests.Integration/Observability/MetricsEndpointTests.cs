using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Metrics;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Observability;

/// <summary>
/// Runs items that succeed, retry, die and are deferred by an open circuit breaker, plus rejected submissions,
/// then scrapes <c>/metrics</c> over HTTP and looks for every instrument of the Workflow meter.
/// </summary>
public sealed class MetricsEndpointTests(MetricsEndpointTests.Fixture fixture) : IClassFixture<MetricsEndpointTests.Fixture>
{
    private static readonly string[] ExpectedSeries =
    [
        "workflow_items_submitted_total",
        "workflow_submissions_rejected_total",
        "workflow_attempts_started_total",
        "workflow_attempts_succeeded_total",
        "workflow_attempts_failed_total",
        "workflow_items_retried_total",
        "workflow_items_dead_total",
        "workflow_items_deferred_total",
        "workflow_attempt_duration_seconds_bucket",
        "workflow_attempt_queue_wait_seconds_bucket",
        "workflow_pool_workers",
        "workflow_pool_busy",
        "workflow_items_in_flight",
        "workflow_queue_backlog",
    ];

    private WorkflowTestServer Server => fixture.Server;

    [Fact]
    public async Task Scrape_AfterMixedOutcomes_ExposesEveryInstrument()
    {
        var succeeds = await SubmitFlakyAsync(failures: 0, maxAttempts: 3);
        var retries = await SubmitFlakyAsync(failures: 1, maxAttempts: 3);
        await Server.WaitForStateAsync(succeeds, "succeeded");
        await Server.WaitForStateAsync(retries, "succeeded");

        // Two items that always fail open the breaker (two failures reach MinimumThroughput), so their retries
        // are deferred by the open circuit before they run out of attempts.
        var dies = await SubmitFlakyAsync(failures: 100, maxAttempts: 3);
        var diesToo = await SubmitFlakyAsync(failures: 100, maxAttempts: 3);
        await Server.WaitForStateAsync(dies, "dead");
        await Server.WaitForStateAsync(diesToo, "dead");

        await RejectAsync(new { kind = "no.such.kind" }, HttpStatusCode.BadRequest);
        await Server.SubmitAsync(new { kind = FlakyHandler.Kind, payload = new { failures = 0 }, idempotencyKey = "metrics-key" });
        await RejectAsync(new { kind = FlakyHandler.Kind, payload = new { failures = 1 }, idempotencyKey = "metrics-key" }, HttpStatusCode.Conflict);
        Server.Services.GetRequiredService<BacklogGauge>().Set(7);

        var scrape = await Eventually.ValueAsync(
            () => Server.Client.GetStringAsync("/metrics"),
            text => ExpectedSeries.All(text.Contains) && text.Contains("reason=\"idempotency_conflict\"", StringComparison.Ordinal),
            "every Workflow instrument in the scrape");

        foreach (var series in ExpectedSeries)
        {
            Assert.Contains(series, scrape, StringComparison.Ordinal);
        }

        Assert.Contains("reason=\"validation\"", scrape, StringComparison.Ordinal);
        Assert.Contains("reason=\"idempotency_conflict\"", scrape, StringComparison.Ordinal);
        Assert.Contains("kind=\"test.flaky\"", scrape, StringComparison.Ordinal);

        // Gauges are checked by name alone: the exporter listens to every meter named Workflow in the process, and
        // servers of other test classes here report their own pool sizes and backlogs.
        Assert.True(SampleValue(scrape, "workflow_queue_backlog") >= 0);
    }

    /// <summary>Returns the value of the one sample of <paramref name="name"/>, whatever labels the exporter adds.</summary>
    private static double SampleValue(string scrape, string name)
    {
        var match = Regex.Match(scrape, $@"^{name}(\{{[^}}]*\}})? (?<value>\S+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"No sample of {name} in the scrape:{Environment.NewLine}{scrape}");
        return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
    }

    private async Task<long> SubmitFlakyAsync(int failures, int maxAttempts)
    {
        var item = await Server.SubmitAsync(new
        {
            kind = FlakyHandler.Kind,
            payload = new { failures, category = "transient" },
            maxAttempts,
        });
        return (long)item["id"]!;
    }

    private async Task RejectAsync(object request, HttpStatusCode expected)
    {
        using var response = await Server.Client.PostAsJsonAsync("/api/v1/items", request);
        Assert.Equal(expected, response.StatusCode);
    }

    /// <summary>A server whose breakers open after two failed attempts, so a circuit deferral is quick to cause.</summary>
    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Workflow:CircuitBreaker:MinimumThroughput"] = "2",
            ["Workflow:CircuitBreaker:FailureRatio"] = "0.5",
        };
    }
}
