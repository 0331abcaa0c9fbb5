using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Workflow.Tests.Browser;

/// <summary>
/// One browser page for one test, which records console errors (CSP violations among them), uncaught script
/// errors and failed requests, so each test can assert that a page loaded cleanly.
/// </summary>
public sealed class DashboardPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private DashboardPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Problems.Enqueue($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => Problems.Enqueue($"script error: {error}");
        page.RequestFailed += (_, request) => Problems.Enqueue($"request failed: {request.Url} {request.Failure}");
    }

    public IPage Page { get; }

    /// <summary>Console errors, script errors and failed requests seen so far.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    public static async Task<DashboardPage> OpenAsync(DashboardFixture fixture)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        return new DashboardPage(context, await context.NewPageAsync());
    }

    /// <summary>Opens a path and returns the response status.</summary>
    public async Task<int> GoToAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        return response?.Status ?? 0;
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
