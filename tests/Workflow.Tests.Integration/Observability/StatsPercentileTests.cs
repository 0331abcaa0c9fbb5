using System.Net;
using System.Text.Json.Nodes;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Observability;

/// <summary>
/// Seeds attempts with known durations and queue waits, then checks the percentiles of <c>GET /api/v1/stats</c>
/// against the values <c>percentile_cont</c> interpolates, and the validation of its window.
/// </summary>
public sealed class StatsPercentileTests(StatsPercentileTests.Fixture fixture) : IClassFixture<StatsPercentileTests.Fixture>, IAsyncLifetime
{
    private const double Tolerance = 1e-6;

    public Task InitializeAsync() => fixture.EnsureSeededAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DefaultWindow_ReturnsSeededPercentiles()
    {
        var stats = await GetStatsAsync("/api/v1/stats");

        Assert.Equal(300, (double)stats["windowSeconds"]!);
        var duration = stats["attemptDuration"]!;
        Assert.Equal(100, (long)duration["count"]!);
        Assert.Equal(0.505, (double)duration["p50"]!, Tolerance);
        Assert.Equal(0.9505, (double)duration["p95"]!, Tolerance);
        Assert.Equal(0.9901, (double)duration["p99"]!, Tolerance);

        var wait = stats["queueWait"]!;
        Assert.Equal(100, (long)wait["count"]!);
        Assert.Equal(50.5, (double)wait["p50"]!, Tolerance);
        Assert.Equal(95.05, (double)wait["p95"]!, Tolerance);
        Assert.Equal(99.01, (double)wait["p99"]!, Tolerance);
        Assert.Equal(1, (long)stats["counts"]!["succeeded"]!);
    }

    [Fact]
    public async Task WiderWindow_IncludesOlderAttempts()
    {
        var stats = await GetStatsAsync("/api/v1/stats?window=3h");

        Assert.Equal(10800, (double)stats["windowSeconds"]!);
        var duration = stats["attemptDuration"]!;
        Assert.Equal(200, (long)duration["count"]!);

        // Half the attempts ran 100 s, so from the median up the percentiles are 100 s and the median sits
        // between the longest short attempt (1 s) and 100 s.
        Assert.Equal(50.5, (double)duration["p50"]!, Tolerance);
        Assert.Equal(100, (double)duration["p95"]!, Tolerance);
        Assert.Equal(100, (double)duration["p99"]!, Tolerance);
    }

    [Fact]
    public async Task EmptyWindow_ReturnsNullPercentiles()
    {
        var stats = await GetStatsAsync("/api/v1/stats?window=30s");

        var duration = stats["attemptDuration"]!;
        Assert.Equal(0, (long)duration["count"]!);
        Assert.Null(duration["p50"]);
        Assert.Null(stats["queueWait"]!["p99"]);
    }

    [Theory]
    [InlineData("window=abc", "window")]
    [InlineData("window=5", "window")]
    [InlineData("window=0s", "window")]
    [InlineData("window=25h", "window")]
    [InlineData("window=5d", "window")]
    [InlineData("window=-5m", "window")]
    [InlineData("window=99999999999999999999h", "window")]
    [InlineData("span=5m", "span")]
    public async Task InvalidQuery_Returns400NamingField(string query, string field)
    {
        using var response = await fixture.Server.Client.GetAsync($"/api/v1/stats?{query}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(JsonNode.Parse(body)!["errors"]![field]);
    }

    private async Task<JsonNode> GetStatsAsync(string path)
    {
        using var response = await fixture.Server.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} returned {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>A server whose database contains the seeded attempts, written once for the whole class.</summary>
    public sealed class Fixture : ServerFixture
    {
        private Task? _seeded;

        public Task EnsureSeededAsync() => _seeded ??= SeedAsync();

        private async Task SeedAsync()
        {
            await Database.ExecuteAsync("""
                INSERT INTO workflow.work_items (kind, queue, state, payload, priority, run_at, attempt, failed_attempts,
                                                 max_attempts, finished_at)
                VALUES ('test.flaky', 'stats', 'succeeded', '{}', 0, now(), 1, 0, 1, now())
                """);

            // 100 attempts a minute ago: attempt k ran 10·k ms and waited k s after it was due.
            await Database.ExecuteAsync("""
                INSERT INTO workflow.attempts (work_item_id, number, lease_token, started_at, finished_at, duration_ms, outcome, due_at)
                SELECT w.id, k, gen_random_uuid(),
                       now() - interval '1 minute' - k * interval '10 milliseconds',
                       now() - interval '1 minute',
                       10 * k, 'succeeded',
                       now() - interval '1 minute' - k * interval '10 milliseconds' - k * interval '1 second'
                FROM workflow.work_items AS w, generate_series(1, 100) AS k
                WHERE w.queue = 'stats'
                """);

            // Abandoned attempts measure leases, not work, so these huge ones must not count.
            await Database.ExecuteAsync("""
                INSERT INTO workflow.attempts (work_item_id, number, lease_token, started_at, finished_at, duration_ms, outcome, due_at)
                SELECT w.id, 100 + k, gen_random_uuid(), now() - interval '30 minutes', now() - interval '1 minute',
                       1800000, 'abandoned', now() - interval '30 minutes'
                FROM workflow.work_items AS w, generate_series(1, 10) AS k
                WHERE w.queue = 'stats'
                """);

            // Two hours old: outside the default window, inside a 3h one.
            await Database.ExecuteAsync("""
                INSERT INTO workflow.attempts (work_item_id, number, lease_token, started_at, finished_at, duration_ms, outcome, due_at)
                SELECT w.id, 200 + k, gen_random_uuid(), now() - interval '2 hours' - interval '100 seconds', now() - interval '2 hours',
                       100000, 'failed', now() - interval '2 hours' - interval '100 seconds'
                FROM workflow.work_items AS w, generate_series(1, 100) AS k
                WHERE w.queue = 'stats'
                """);
        }
    }
}
