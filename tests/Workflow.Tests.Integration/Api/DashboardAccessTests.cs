using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Workflow.Api.Security;
using Workflow.Api.Security.Dashboard;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Api;

/// <summary>
/// Dashboard access from a client that is not local. The server treats only 192.0.2.0/24, a documentation network
/// that no test connects from, as local, so its loopback test clients count as remote.
/// </summary>
public sealed class DashboardAccessTests(DashboardAccessTests.Fixture fixture) : IClassFixture<DashboardAccessTests.Fixture>
{
    private const string AdminPassword = "correct horse battery staple";
    private const string ViewerPassword = "viewer password";

    private WorkflowTestServer Server => fixture.Server;

    [Fact]
    public async Task RemoteWithoutCredentials_Returns401()
    {
        using var browser = new DashboardBrowser(Server);

        using var page = await browser.Http.GetAsync(DashboardBrowser.ReadPage);
        using var action = await browser.Http.PostAsync(DashboardBrowser.OperateAction, null);

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, action.StatusCode);
        Assert.Equal("application/problem+json", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RemoteHtmlRequest_RedirectsToLogin()
    {
        using var browser = new DashboardBrowser(Server);
        using var request = new HttpRequestMessage(HttpMethod.Get, DashboardBrowser.ReadPage);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using var response = await browser.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/login", response.Headers.Location?.AbsolutePath);
        Assert.Contains("returnUrl=%2Fdashboard%2Ftest%2Fread", response.Headers.Location?.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyHeader_DoesNotOpenDashboard()
    {
        using var client = Server.CreateClient(Server.AdminKey);

        using var response = await client.GetAsync(DashboardBrowser.ReadPage);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ReadKeyLogin_AllowsPagesNotActions()
    {
        var key = await Server.CreateKeyAsync("dashboard-reader", ApiScopes.Read);
        using var browser = new DashboardBrowser(Server);

        using var login = await browser.LogInWithKeyAsync(key);
        using var page = await browser.Http.GetAsync(DashboardBrowser.ReadPage);
        using var action = await browser.Http.PostAsync(DashboardBrowser.OperateAction, null);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/dashboard", login.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, action.StatusCode);
    }

    [Fact]
    public async Task OperateKeyLogin_AllowsActions()
    {
        var key = await Server.CreateKeyAsync("dashboard-operator", ApiScopes.Operate);
        using var browser = new DashboardBrowser(Server);

        using var login = await browser.LogInWithKeyAsync(key);
        using var page = await browser.Http.GetAsync(DashboardBrowser.ReadPage);
        using var action = await browser.Http.PostAsync(DashboardBrowser.OperateAction, null);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, action.StatusCode);
    }

    [Fact]
    public async Task SubmitOnlyKeyLogin_IsRejected()
    {
        var key = await Server.CreateKeyAsync("submitter", ApiScopes.Submit);
        using var browser = new DashboardBrowser(Server);

        using var login = await browser.LogInWithKeyAsync(key);

        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
        Assert.Null(DashboardBrowser.SessionCookieHeader(login));
    }

    [Fact]
    public async Task InvalidKeyLogin_Returns401()
    {
        using var browser = new DashboardBrowser(Server);

        using var login = await browser.LogInWithKeyAsync("wf_0000000000000000_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        using var page = await browser.Http.GetAsync(DashboardBrowser.ReadPage);

        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
    }

    [Fact]
    public async Task UserLogin_GrantsConfiguredScopes()
    {
        using var admin = new DashboardBrowser(Server);
        using var viewer = new DashboardBrowser(Server);

        using var adminLogin = await admin.LogInAsUserAsync("admin", AdminPassword);
        using var viewerLogin = await viewer.LogInAsUserAsync("viewer", ViewerPassword);
        using var adminAction = await admin.Http.PostAsync(DashboardBrowser.OperateAction, null);
        using var viewerPage = await viewer.Http.GetAsync(DashboardBrowser.ReadPage);
        using var viewerAction = await viewer.Http.PostAsync(DashboardBrowser.OperateAction, null);

        Assert.Equal(HttpStatusCode.Redirect, adminLogin.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, viewerLogin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminAction.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viewerPage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerAction.StatusCode);
    }

    [Theory]
    [InlineData("admin", "wrong password")]
    [InlineData("nobody", AdminPassword)]
    public async Task WrongUserOrPassword_Returns401(string name, string password)
    {
        using var browser = new DashboardBrowser(Server);

        using var login = await browser.LogInAsUserAsync(name, password);

        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Null(DashboardBrowser.SessionCookieHeader(login));
    }

    [Fact]
    public async Task SessionCookie_IsHttpOnlyAndStrict()
    {
        using var browser = new DashboardBrowser(Server);

        using var login = await browser.LogInAsUserAsync("admin", AdminPassword);

        var cookie = DashboardBrowser.SessionCookieHeader(login);
        Assert.NotNull(cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/dashboard", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LoginWithoutAntiforgeryToken_Returns400()
    {
        using var browser = new DashboardBrowser(Server);

        using var login = await browser.PostLoginAsync([new("username", "admin"), new("password", AdminPassword)], withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.Null(DashboardBrowser.SessionCookieHeader(login));
    }

    [Fact]
    public async Task RevokedKey_EndsSession()
    {
        var key = await Server.CreateKeyAsync("revoked-session", ApiScopes.Read);
        using var browser = new DashboardBrowser(Server);
        using var login = await browser.LogInWithKeyAsync(key);
        using (var before = await browser.Http.GetAsync(DashboardBrowser.ReadPage))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await fixture.Database.ExecuteAsync(
            "UPDATE workflow.api_keys SET revoked_at = now() WHERE prefix = $1", key.Split('_')[1]);

        using var after = await browser.Http.GetAsync(DashboardBrowser.ReadPage);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task ForeignReturnUrl_RedirectsToDashboard()
    {
        using var browser = new DashboardBrowser(Server);

        using var login = await browser.PostLoginAsync(
            [new("username", "admin"), new("password", AdminPassword), new("returnUrl", "//evil.example/dashboard")]);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/dashboard", login.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task EveryDashboardResponse_HasSecurityHeaders()
    {
        using var browser = new DashboardBrowser(Server);

        foreach (var path in new[] { "/dashboard/login", DashboardBrowser.ReadPage, "/dashboard/missing" })
        {
            using var response = await browser.Http.GetAsync(path);

            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task Logout_EndsSession()
    {
        using var browser = new DashboardBrowser(Server);
        using var login = await browser.LogInAsUserAsync("admin", AdminPassword);
        var page = await browser.Http.GetStringAsync("/dashboard/login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", WebUtility.HtmlDecode(token))]);
        using var logout = await browser.Http.PostAsync("/dashboard/logout", form);
        using var after = await browser.Http.GetAsync(DashboardBrowser.ReadPage);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Workflow:Api:Auth:KeyCacheDuration"] = "00:00:00",
            ["Workflow:Dashboard:Auth:LocalNetworks:0"] = "192.0.2.0/24",
            ["Workflow:Dashboard:Auth:LoginAttemptsPerMinute"] = "1000",
            ["Workflow:Dashboard:Auth:Users:0:Name"] = "admin",
            ["Workflow:Dashboard:Auth:Users:0:PasswordHash"] = PasswordHashes.Hash(AdminPassword),
            ["Workflow:Dashboard:Auth:Users:1:Name"] = "viewer",
            ["Workflow:Dashboard:Auth:Users:1:PasswordHash"] = PasswordHashes.Hash(ViewerPassword),
            ["Workflow:Dashboard:Auth:Users:1:Scopes:0"] = "read",
        };

        protected override void MapEndpoints(WebApplication app) => DashboardBrowser.MapTestPages(app);
    }
}
