using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflow.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workflow.Tests.Browser;

/// <summary>
/// Writes a PNG of each dashboard page, with items in every state, a day of statistics and a scaled pool, to the
/// folder in <c>WORKFLOW_SCREENSHOT_DIR</c> (ops/screenshots sets it to docs/screenshots), or else to a screenshots
/// folder beside the test assembly.
/// </summary>
public sealed class DashboardScreenshots(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private static readonly string[] OrderTags = ["orders"];

    private WorkflowTestServer Server => fixture.Server;

    [Fact]
    public async Task EveryPage_WritesScreenshot()
    {
        var folder = Environment.GetEnvironmentVariable("WORKFLOW_SCREENSHOT_DIR") is { Length: > 0 } given
            ? given
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var dead = await SeedAsync();
        await SeedHistoryAsync();
        await using var browser = await DashboardPage.OpenAsync(fixture);

        // A burst of slow items scales the pool up, so the nodes page has scale events to show.
        var slow = Enumerable.Range(0, 40).Select(_ => new { kind = "delay", payload = new { milliseconds = 300 } }).ToArray();
        using (var burst = await Server.Client.PostAsJsonAsync("/api/v1/items/batch", new { items = slow }))
        {
            burst.EnsureSuccessStatusCode();
        }

        // Items run for a few seconds first, so the overview's live graph has something to show. Bounded: 24 batches.
        for (var batch = 0; batch < 24; batch++)
        {
            var items = Enumerable.Range(0, 10 + (batch % 6) * 8)
                .Select(i => i % 9 == 0
                    ? (object)new { kind = FlakyHandler.Kind, payload = new { failures = 1, category = "permanent" } }
                    : new { kind = "noop" })
                .ToArray();
            using var response = await Server.Client.PostAsJsonAsync("/api/v1/items/batch", new { items });
            response.EnsureSuccessStatusCode();
            await Task.Delay(250);
        }

        var pages = new Dictionary<string, string>
        {
            ["overview"] = "/dashboard",
            ["items"] = "/dashboard/items",
            ["item"] = $"/dashboard/items/{dead}",
            ["retries"] = "/dashboard/retries",
            ["dead"] = "/dashboard/dead",
            ["nodes"] = "/dashboard/nodes",
            ["queues"] = "/dashboard/queues",
            ["recurring"] = "/dashboard/recurring",
        };
        foreach (var (name, path) in pages)
        {
            await browser.GoToAsync(path);
            await Expect(browser.Page.Locator("h1")).ToBeVisibleAsync();
            if (name == "overview")
            {
                // The graph's first poll reads the whole last minute, including the load above.
                await Expect(browser.Page.Locator("#live-graph")).ToHaveAttributeAsync("data-updates", new Regex("[1-9]"));
            }

            var file = Path.Combine(folder, $"dashboard-{name}.png");
            await browser.Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });

            Assert.True(new FileInfo(file).Length > 0, $"{file} is empty.");
        }

        Assert.Empty(browser.Problems);
    }

    /// <summary>Submits items that end in every state and returns the id of a dead http.request item.</summary>
    private async Task<long> SeedAsync()
    {
        // Port 1 on loopback refuses connections, so each attempt fails as transient until the attempts run out.
        var dead = await IdAsync(new
        {
            kind = "http.request",
            payload = new
            {
                url = "http://127.0.0.1:1/orders/42?token=s3cret",
                method = "POST",
                headers = new Dictionary<string, string> { ["Authorization"] = "Bearer s3cret" },
                body = new { order = 42 },
            },
            maxAttempts = 3,
            tags = OrderTags,
            idempotencyKey = "order-42",
        });
        await IdAsync(new { kind = FlakyHandler.Kind, payload = new { failures = 99, category = "transient" }, maxAttempts = 50,
            backoff = new { baseDelay = 3600, cap = 7200 } });
        await IdAsync(new { kind = "noop", delay = 7200, queue = "reports" });
        await IdAsync(new { kind = "delay", payload = new { milliseconds = 120_000 } });
        var cancelled = await IdAsync(new { kind = "noop", delay = 3600 });
        using (var cancel = await Server.Client.PostAsync($"/api/v1/items/{cancelled}/cancel", null))
        {
            cancel.EnsureSuccessStatusCode();
        }

        await Server.WaitForStateAsync(dead, "dead");
        return dead;
    }

    /// <summary>
    /// Writes a day of per-minute statistics that rise and fall over the hours, since the server has run for seconds
    /// only. The last two hours are left to the rollup, which rewrites its lookback window from the attempts.
    /// </summary>
    private async Task SeedHistoryAsync()
    {
        for (var hoursAgo = 2; hoursAgo < 24; hoursAgo++)
        {
            var hour = await StatisticsRows.HourAsync(fixture.Database, hoursAgo);
            var load = 1 + Math.Sin(hour.Hour / 24.0 * 2 * Math.PI);
            await StatisticsRows.InsertAsync(
                fixture.Database, hour, "noop", succeeded: 200 + (int)(900 * load), failed: 0);
            await StatisticsRows.InsertAsync(
                fixture.Database, hour.AddMinutes(30), "http.request", succeeded: 80 + (int)(300 * load), failed: 4 + (hour.Hour % 5 * 9));
        }
    }

    private async Task<long> IdAsync(object request) => (long)(await Server.SubmitAsync(request))["id"]!;
}
