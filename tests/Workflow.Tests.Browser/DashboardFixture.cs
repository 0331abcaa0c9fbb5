using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Browser;

/// <summary>
/// A real server on a test database, with the strict CSP of <see cref="StrictCspStartupFilter"/>, and Debian's
/// Chromium driven by Playwright. Playwright never downloads a browser here: ops/install-browser installs
/// /usr/bin/chromium, and the tests run it headless without a sandbox because they run as root.
/// </summary>
public sealed class DashboardFixture : ServerFixture, IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl => Server.Client.BaseAddress!.ToString().TrimEnd('/');

    public new async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing. Run ops/install-browser, which installs Debian's chromium package.");
        }

        await base.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--headless", "--disable-gpu"],
        });
    }

    public new async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>Loopback destinations are allowed so that http.request items can fail against a closed local port.</summary>
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Workflow:Http:AllowLoopback"] = "true",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddTransient<IStartupFilter, StrictCspStartupFilter>();
    }
}
