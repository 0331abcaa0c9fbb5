using System.Net;
using System.Text.RegularExpressions;
using Workflow.Api.Security.Dashboard;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Api;

/// <summary>
/// Dashboard behavior under input and session handling that a hostile or careless client produces: filters that
/// PostgreSQL cannot store, posts to pages without actions, and logging out. The server treats only 192.0.2.0/24
/// as local, so its loopback test clients count as remote and log in as the configured user.
/// </summary>
public sealed partial class DashboardRobustnessTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string AdminPassword = "correct horse battery staple";

    private WorkflowTestServer _server = null!;

    public async Task InitializeAsync()
        => _server = await WorkflowTestServer.StartAsync(
            database.ConnectionString,
            new Dictionary<string, string?>
            {
                ["Workflow:Dashboard:Auth:LocalNetworks:0"] = "192.0.2.0/24",
                ["Workflow:Dashboard:Auth:LoginAttemptsPerMinute"] = "1000",
                ["Workflow:Dashboard:Auth:Users:0:Name"] = "admin",
                ["Workflow:Dashboard:Auth:Users:0:PasswordHash"] = PasswordHashes.Hash(AdminPassword),
            });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/dashboard/items?tag=%00")]
    [InlineData("/dashboard/items?key=%00abc")]
    [InlineData("/dashboard/dead?tag=%00")]
    [InlineData("/dashboard/retries?key=a%00")]
    [InlineData("/dashboard/recurring?job=a%00")]
    public async Task ItemFilter_WithNul_Returns400(string path)
    {
        using var browser = await LogInAsync();

        using var response = await browser.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/dashboard/items")]
    [InlineData("/dashboard/items?handler=Confirm")]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/queues")]
    public async Task PostToReadOnlyPage_IsNotServerError(string path)
    {
        using var browser = await LogInAsync();
        var token = await TokenFromItemPageAsync(browser);

        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("ids", "1"), new("action", "delete")]);
        using var response = await browser.Http.PostAsync(path, form);

        Assert.True((int)response.StatusCode < 500, $"POST {path} returned {(int)response.StatusCode}.");
    }

    [Fact]
    public async Task DashboardPage_HasLogoutForm()
    {
        using var browser = await LogInAsync();

        var page = await browser.Http.GetStringAsync("/dashboard");

        Assert.Contains("action=\"/dashboard/logout\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_WithPageToken_EndsSession()
    {
        using var browser = await LogInAsync();
        var token = await TokenFromItemPageAsync(browser);

        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
        using var logout = await browser.Http.PostAsync("/dashboard/logout", form);
        using var after = await browser.Http.GetAsync("/dashboard/queues");

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Logout_RejectsReplayedSessionCookie()
    {
        using var browser = await LogInAsync();
        var session = browser.Cookies.GetCookies(_server.Address)[DashboardAuth.CookieName]
                      ?? browser.Cookies.GetCookies(new Uri(_server.Address, "/dashboard"))[DashboardAuth.CookieName];
        Assert.NotNull(session);
        var loginPage = await browser.Http.GetStringAsync("/dashboard/login");
        var loginToken = WebUtility.HtmlDecode(TokenInput().Match(loginPage).Groups["value"].Value);
        using (var form = new FormUrlEncodedContent([new("__RequestVerificationToken", loginToken)]))
        using (var logout = await browser.Http.PostAsync("/dashboard/logout", form))
        {
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        }

        using var replay = new DashboardBrowser(_server);
        replay.Cookies.Add(new Uri(_server.Address, "/dashboard"), new Cookie(session.Name, session.Value, "/dashboard"));
        using var response = await replay.Http.GetAsync("/dashboard/queues");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task NodesPage_EmptySnapshot_Returns200()
    {
        // A node registers with an empty snapshot and fills it at its first heartbeat. A node killed in between
        // keeps the empty snapshot for good.
        await database.ExecuteAsync(
            """
            INSERT INTO workflow.nodes (id, host, process_id, queues, state, started_at, heartbeat_at, snapshot)
            VALUES (gen_random_uuid(), 'crashed-at-start', 1, ARRAY['default'], 'dead', now(), now(), '{}'::jsonb)
            """);
        using var browser = await LogInAsync();

        using var response = await browser.Http.GetAsync("/dashboard/nodes");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<DashboardBrowser> LogInAsync()
    {
        var browser = new DashboardBrowser(_server);
        using var login = await browser.LogInAsUserAsync("admin", AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return browser;
    }

    /// <summary>Returns the antiforgery token of a pending item's page, which has the cancel form.</summary>
    private async Task<string> TokenFromItemPageAsync(DashboardBrowser browser)
    {
        var item = await _server.SubmitAsync(new { kind = "noop", delay = 3600 });
        var page = await browser.Http.GetStringAsync($"/dashboard/items/{(long)item["id"]!}");
        var token = TokenInput().Match(page);
        Assert.True(token.Success, $"The item page has no antiforgery token:\n{page}");
        return WebUtility.HtmlDecode(token.Groups["value"].Value);
    }

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*value="(?<value>[^"]+)"[^>]*>""")]
    private static partial Regex TokenInput();
}
