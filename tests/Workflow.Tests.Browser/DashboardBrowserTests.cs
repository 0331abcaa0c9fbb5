using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Workflow.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workflow.Tests.Browser;

/// <summary>
/// The dashboard in a real browser against a real server and database: every page loads under a strict CSP, the
/// operator actions change the item's state, and the live graph follows items as they run.
/// </summary>
public sealed class DashboardBrowserTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private static readonly string[] EveryPageTags = ["every-page"];

    private WorkflowTestServer Server => fixture.Server;

    [Fact]
    public async Task EveryPage_Loads_WithoutErrors()
    {
        var item = await SubmitAsync(new { kind = "noop", payload = new { echo = "hello" }, tags = EveryPageTags });
        await Server.WaitForStateAsync(item, "succeeded");
        string[] paths =
        [
            "/dashboard", "/dashboard?history=7d", "/dashboard/items", "/dashboard/items?state=succeeded",
            "/dashboard/items?kind=noop&tag=every-page", $"/dashboard/items/{item}", "/dashboard/retries",
            "/dashboard/dead", "/dashboard/nodes", "/dashboard/queues", "/dashboard/recurring", "/dashboard/recurring?job=retention",
        ];
        await using var browser = await DashboardPage.OpenAsync(fixture);

        foreach (var path in paths)
        {
            var status = await browser.GoToAsync(path);

            Assert.True(status == 200, $"{path} returned {status}.");
            await Expect(browser.Page.Locator("h1")).ToBeVisibleAsync();
        }

        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Retry_DeadItem_BecomesSucceeded()
    {
        var id = await SubmitAsync(new { kind = FlakyHandler.Kind, payload = new { failures = 1, category = "permanent" } });
        await Server.WaitForStateAsync(id, "dead");
        await using var browser = await DashboardPage.OpenAsync(fixture);
        await browser.GoToAsync($"/dashboard/items/{id}");
        await Expect(StateBadge(browser)).ToHaveTextAsync("dead");

        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();

        await Expect(browser.Page.Locator(".flash")).ToContainTextAsync($"Item {id} is pending again.");
        await ReloadUntilStateAsync(browser, "succeeded");
        await Expect(browser.Page.Locator("article.attempt")).ToHaveCountAsync(2);
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Cancel_PendingItem_BecomesCancelled()
    {
        var id = await SubmitAsync(new { kind = "noop", delay = 3600 });
        await using var browser = await DashboardPage.OpenAsync(fixture);
        await browser.GoToAsync($"/dashboard/items/{id}");
        await Expect(StateBadge(browser)).ToHaveTextAsync("pending");

        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Expect(StateBadge(browser)).ToHaveTextAsync("cancelled");
        await Expect(browser.Page.Locator(".flash")).ToContainTextAsync($"Item {id} is cancelled.");
        Assert.Equal("cancelled", (string?)(await Server.GetItemAsync(id))["state"]);
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task RunNow_ScheduledItem_Runs()
    {
        var id = await SubmitAsync(new { kind = "noop", delay = 3600 });
        await using var browser = await DashboardPage.OpenAsync(fixture);
        await browser.GoToAsync($"/dashboard/items/{id}");

        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();

        await Expect(browser.Page.Locator(".flash")).ToContainTextAsync($"Item {id} is due now.");
        await ReloadUntilStateAsync(browser, "succeeded");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Retry_ItemThatChangedMeanwhile_ReportsConflict()
    {
        var id = await SubmitAsync(new { kind = "noop", delay = 3600 });
        await using var browser = await DashboardPage.OpenAsync(fixture);
        await browser.GoToAsync($"/dashboard/items/{id}");
        using (var cancel = await Server.Client.PostAsync($"/api/v1/items/{id}/cancel", null))
        {
            cancel.EnsureSuccessStatusCode();
        }

        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();

        await Expect(browser.Page.Locator(".flash-error")).ToContainTextAsync($"Item {id} is cancelled, so nothing was changed");
        await Expect(StateBadge(browser)).ToHaveTextAsync("cancelled");
    }

    [Fact]
    public async Task BulkRetry_DeadItems_AfterConfirmation()
    {
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await SubmitAsync(new { kind = FlakyHandler.Kind, payload = new { failures = 1, category = "permanent" }, queue = "default" }));
        }

        foreach (var id in ids)
        {
            await Server.WaitForStateAsync(id, "dead");
        }

        await using var browser = await DashboardPage.OpenAsync(fixture);
        await browser.GoToAsync("/dashboard/dead");
        foreach (var id in ids)
        {
            await browser.Page.Locator($"tr[data-id='{id}'] input[name=ids]").CheckAsync();
        }

        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Retry selected" }).ClickAsync();
        await Expect(browser.Page.Locator("#confirm-title")).ToContainTextAsync("Retry 3 selected items?");
        foreach (var id in ids)
        {
            Assert.Equal("dead", (string?)(await Server.GetItemAsync(id))["state"]);
        }

        await browser.Page.Locator("#confirm").ClickAsync();

        await Expect(browser.Page.Locator(".flash")).ToContainTextAsync("3 of 3 items retried.");
        foreach (var id in ids)
        {
            await Server.WaitForStateAsync(id, "succeeded");
        }

        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task BulkDelete_DeadItem_RemovesItAfterConfirmation()
    {
        var id = await SubmitAsync(new { kind = FlakyHandler.Kind, payload = new { failures = 1, category = "permanent" } });
        await Server.WaitForStateAsync(id, "dead");
        await using var browser = await DashboardPage.OpenAsync(fixture);
        await browser.GoToAsync("/dashboard/dead");
        await browser.Page.Locator($"tr[data-id='{id}'] input[name=ids]").CheckAsync();

        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Delete selected" }).ClickAsync();
        await browser.Page.Locator("#confirm").ClickAsync();

        await Expect(browser.Page.Locator(".flash")).ToContainTextAsync("1 of 1 items deleted.");
        await Expect(browser.Page.Locator($"tr[data-id='{id}']")).ToHaveCountAsync(0);
        using var response = await Server.Client.GetAsync($"/api/v1/items/{id}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ItemDetail_SecretsInPayload_AreMasked()
    {
        var id = await SubmitAsync(new
        {
            kind = "noop",
            payload = new { echo = new { user = "ann", password = "hunter2", apiKey = "k-123", callback = "https://x.test/?token=t-9" } },
        });
        await Server.WaitForStateAsync(id, "succeeded");
        await using var browser = await DashboardPage.OpenAsync(fixture);

        await browser.GoToAsync($"/dashboard/items/{id}");

        var payload = await browser.Page.Locator("#payload").InnerTextAsync();
        Assert.Contains("\"user\": \"ann\"", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("k-123", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("t-9", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", await browser.Page.Locator("#result").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemsList_KindFilter_ShowsOnlyThatKind()
    {
        var flaky = await SubmitAsync(new { kind = FlakyHandler.Kind, payload = new { failures = 0 }, queue = "filters" });
        var noop = await SubmitAsync(new { kind = "noop", queue = "filters" });
        await using var browser = await DashboardPage.OpenAsync(fixture);

        await browser.GoToAsync($"/dashboard/items?queue=filters&kind={FlakyHandler.Kind}");

        await Expect(browser.Page.Locator($"tr[data-id='{flaky}']")).ToHaveCountAsync(1);
        await Expect(browser.Page.Locator($"tr[data-id='{noop}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ItemsList_InvalidId_ShowsError()
    {
        await using var browser = await DashboardPage.OpenAsync(fixture);

        var status = await browser.GoToAsync("/dashboard/items?id=abc");

        Assert.Equal(400, status);
        await Expect(browser.Page.Locator(".flash-error")).ToContainTextAsync("The id must be a positive whole number.");
    }

    [Fact]
    public async Task LiveGraph_ItemsRunning_Moves()
    {
        await using var browser = await DashboardPage.OpenAsync(fixture);
        await browser.GoToAsync("/dashboard");
        var graph = browser.Page.Locator("#live-graph");
        await Expect(graph).ToHaveAttributeAsync("data-updates", new System.Text.RegularExpressions.Regex("[1-9]"));
        var before = await graph.Locator(".series-succeeded").GetAttributeAsync("points");

        // Items keep finishing while the graph polls, until it has redrawn with a second of succeeded attempts. The
        // load is bounded: at most 60 batches of 20 items.
        var moved = false;
        for (var batch = 0; batch < 60 && !moved; batch++)
        {
            var items = Enumerable.Range(0, 20).Select(_ => new { kind = "noop" }).ToArray();
            using var response = await Server.Client.PostAsJsonAsync("/api/v1/items/batch", new { items });
            response.EnsureSuccessStatusCode();
            await Task.Delay(250);
            var lastSecond = int.Parse(await browser.Page.Locator("#live-succeeded").InnerTextAsync(), CultureInfo.InvariantCulture);
            var points = await graph.Locator(".series-succeeded").GetAttributeAsync("points");
            moved = lastSecond > 0 && points != before;
        }

        Assert.True(moved, "The live graph never redrew with a second of succeeded attempts while items ran.");
        Assert.Empty(browser.Problems);
    }

    private static ILocator StateBadge(DashboardPage browser) => browser.Page.Locator("h1 .badge");

    private static async Task ReloadUntilStateAsync(DashboardPage browser, string state)
    {
        await Eventually.TrueAsync(async () =>
        {
            await browser.Page.ReloadAsync();
            return await StateBadge(browser).InnerTextAsync() == state;
        }, $"the detail page to show {state}");
    }

    private async Task<long> SubmitAsync(object request) => (long)(await Server.SubmitAsync(request))["id"]!;
}
