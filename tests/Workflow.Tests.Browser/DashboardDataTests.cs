using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Workflow.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workflow.Tests.Browser;

/// <summary>
/// The dashboard shows what the engine stores beside the items: hourly history from the per-minute statistics,
/// alerts and scale events from the node snapshots, and the cluster-wide jobs with their runs.
/// </summary>
public sealed class DashboardDataTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private WorkflowTestServer Server => fixture.Server;

    [Fact]
    public async Task Overview_StatisticsRows_ShowHistoryBar()
    {
        var hour = await StatisticsRows.HourAsync(fixture.Database, 3);
        await StatisticsRows.InsertAsync(fixture.Database, hour.AddMinutes(5), "history.test", succeeded: 40, failed: 2);
        await StatisticsRows.InsertAsync(fixture.Database, hour.AddMinutes(17), "history.test", succeeded: 2, failed: 1);
        var iso = hour.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var hourBefore = hour.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        await using var browser = await DashboardPage.OpenAsync(fixture);

        await browser.GoToAsync("/dashboard");

        var bars = browser.Page.Locator("#history-graph g.hour");
        var bar = browser.Page.Locator($"#history-graph g.hour[data-hour='{iso}']");
        await Expect(bars).ToHaveCountAsync(24);
        await Expect(bar).ToHaveAttributeAsync("data-succeeded", "42");
        await Expect(bar).ToHaveAttributeAsync("data-failed", "3");
        await Expect(browser.Page.Locator($"#history-graph g.hour[data-hour='{hourBefore}']")).ToHaveAttributeAsync("data-succeeded", "0");
        var height = await bar.Locator("rect.bar-succeeded").GetAttributeAsync("height");
        Assert.True(double.Parse(height!, CultureInfo.InvariantCulture) > 0, $"The bar of {iso} has height {height}.");

        await browser.Page.GetByRole(AriaRole.Link, new() { Name = "Last 7 days" }).ClickAsync();

        await Expect(bars).ToHaveCountAsync(7 * 24);
        await Expect(bar).ToHaveAttributeAsync("data-succeeded", "42");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Overview_FailingKind_ShowsActiveAlert()
    {
        for (var i = 0; i < 4; i++)
        {
            await Server.SubmitAsync(new
            {
                kind = FlakyHandler.Kind,
                payload = new { failures = 1000, category = "permanent" },
                maxAttempts = 1,
            });
        }

        await using var browser = await DashboardPage.OpenAsync(fixture);
        await browser.GoToAsync("/dashboard");
        var alert = browser.Page.Locator("#alerts tr[data-alert]", new() { HasText = FlakyHandler.Kind });
        await ReloadUntilAsync(browser, alert, "the overview to list the alert of test.flaky");

        await Expect(alert).ToContainTextAsync("kind error rate");
        await Expect(browser.Page.Locator("#active-alerts")).Not.ToHaveTextAsync("0");

        await browser.GoToAsync("/dashboard/nodes");

        var node = browser.Page.Locator("section.node").First;
        await Expect(node.Locator(".badge.health-degraded")).ToHaveTextAsync("degraded");
        await Expect(node.Locator("tr.alert-active", new() { HasText = FlakyHandler.Kind })).ToHaveCountAsync(1);
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Nodes_SlowBacklog_ShowsScaleEvent()
    {
        // 40 items of 300 ms would keep the 4 starting workers busy for 3 s, three times the target drain time.
        var items = Enumerable.Range(0, 40).Select(_ => new { kind = "delay", payload = new { milliseconds = 300 } }).ToArray();
        using (var response = await Server.Client.PostAsJsonAsync("/api/v1/items/batch", new { items }))
        {
            response.EnsureSuccessStatusCode();
        }

        await using var browser = await DashboardPage.OpenAsync(fixture);
        await browser.GoToAsync("/dashboard/nodes");
        var scaleUp = browser.Page.Locator("table.scale-events tr.scale-up");
        await ReloadUntilAsync(browser, scaleUp, "the nodes page to show a scale-up");

        await Expect(scaleUp.First.Locator("td").Nth(2)).ToHaveTextAsync("backlog");
        await Expect(scaleUp.First.Locator("td").Nth(1)).ToContainTextAsync("→");
        await Expect(browser.Page.Locator(".scale-ups").First).Not.ToHaveTextAsync("0");
        await Expect(browser.Page.Locator(".pool-size").First).ToContainTextAsync("bounds 4 to 16");
        await Expect(browser.Page.Locator("table.queue-usage tr[data-queue='default']").First).ToBeVisibleAsync();
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Recurring_SystemJobs_ShowTriggersAndRuns()
    {
        await using var browser = await DashboardPage.OpenAsync(fixture);

        await browser.GoToAsync("/dashboard/recurring");

        await Expect(browser.Page.Locator("#no-schedules")).ToContainTextAsync("no user-defined recurring schedules");
        var sweep = browser.Page.Locator("table.system-jobs tr[data-job='recovery-sweep']");
        await Expect(sweep).ToContainTextAsync("500 ms");
        await Expect(browser.Page.Locator("table.system-jobs tr[data-job='retention']")).ToContainTextAsync("5 min");
        await Expect(browser.Page.Locator("table.system-jobs tr[data-job='statistics-rollup']")).ToContainTextAsync("2 s");
        var rollupRuns = browser.Page.Locator("table.job-runs tr[data-job='statistics-rollup']");
        await ReloadUntilAsync(browser, rollupRuns, "a run of statistics-rollup in the recent runs");
        await Expect(sweep.Locator(".badge")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("succeeded|skipped|running"));

        await browser.Page.Locator("#runs .tabs").GetByRole(AriaRole.Link, new() { Name = "statistics-rollup" }).ClickAsync();

        await Expect(browser.Page.Locator("#runs .tabs a.active")).ToHaveTextAsync("statistics-rollup");
        var runs = browser.Page.Locator("table.job-runs tbody tr");
        await Expect(runs.First).ToBeVisibleAsync();
        foreach (var job in await runs.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.job)"))
        {
            Assert.Equal("statistics-rollup", job);
        }

        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Recurring_OverlongJobName_ShowsError()
    {
        await using var browser = await DashboardPage.OpenAsync(fixture);

        var status = await browser.GoToAsync("/dashboard/recurring?job=" + new string('x', 201));

        Assert.Equal(400, status);
        await Expect(browser.Page.Locator(".flash-error")).ToContainTextAsync("longer than 200 characters");
    }

    /// <summary>Reloads the page until <paramref name="locator"/> matches at least one element.</summary>
    private static Task ReloadUntilAsync(DashboardPage browser, ILocator locator, string description)
        => Eventually.TrueAsync(async () =>
        {
            await browser.Page.ReloadAsync();
            return await locator.CountAsync() > 0;
        }, description);
}
