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

    /// <summary>
    /// Loopback destinations are allowed so that http.request items can fail against a closed local port. The pool
    /// scales between 4 and 16 workers on short intervals, so a burst of slow items records a scale event within
    /// seconds. A kind raises an alert once 3 attempts in the window ran and half of them failed, and the statistics
    /// rollup runs every 2 s, so the history graph gets each closed minute soon after it closed.
    /// </summary>
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Workflow:Http:AllowLoopback"] = "true",
        ["Workflow:MinWorkers"] = "4",
        ["Workflow:MaxWorkers"] = "16",
        ["Workflow:Scaling:Enabled"] = "true",
        ["Workflow:Scaling:Interval"] = "00:00:00.200",
        ["Workflow:Scaling:Cooldown"] = "00:00:00.200",
        ["Workflow:Scaling:TargetDrainTime"] = "00:00:01",
        ["Workflow:Scaling:ScaleDownDelay"] = "00:00:02",
        ["Workflow:Health:Interval"] = "00:00:00.200",
        ["Workflow:Health:MinAttempts"] = "3",
        ["Workflow:Health:KindErrorRateThreshold"] = "0.5",
        ["Workflow:Statistics:Interval"] = "00:00:02",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddTransient<IStartupFilter, StrictCspStartupFilter>();
    }
}
