using System.Net;
using System.Text.RegularExpressions;
using Workflow.Api.Security;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Api;

/// <summary>
/// Operator actions on the real dashboard pages: each is a POST form that needs its antiforgery token and, from a
/// client that is not local, a session with the operate scope. The server treats only 192.0.2.0/24 as local, so its
/// loopback test clients count as remote and must log in.
/// </summary>
public sealed partial class DashboardActionTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private WorkflowTestServer _server = null!;

    public async Task InitializeAsync()
        => _server = await WorkflowTestServer.StartAsync(
            database.ConnectionString,
            new Dictionary<string, string?> { ["Workflow:Dashboard:Auth:LocalNetworks:0"] = "192.0.2.0/24" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Cancel_WithoutToken_Returns400()
    {
        var id = await SubmitScheduledAsync();
        using var browser = new DashboardBrowser(_server);
        await browser.LogInWithKeyAsync(await _server.CreateKeyAsync("operator-no-token", ApiScopes.Operate));

        using var response = await PostActionAsync(browser, id, "Cancel", withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("nothing was changed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("pending", await StateAsync(id));
    }

    [Fact]
    public async Task MissingItem_Returns404Page()
    {
        using var browser = new DashboardBrowser(_server);
        await browser.LogInWithKeyAsync(await _server.CreateKeyAsync("viewer-missing", ApiScopes.Read));

        using var response = await browser.Http.GetAsync("/dashboard/items/987654321");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Item #987654321 not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_ReadScope_Returns403()
    {
        var id = await SubmitScheduledAsync();
        using var browser = new DashboardBrowser(_server);
        await browser.LogInWithKeyAsync(await _server.CreateKeyAsync("viewer", ApiScopes.Read));

        using var response = await PostActionAsync(browser, id, "Cancel", withToken: true);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("pending", await StateAsync(id));
    }

    [Theory]
    [InlineData(ApiScopes.Read, false)]
    [InlineData(ApiScopes.Operate, true)]
    public async Task ItemPage_ActionsOnlyForOperators(string scope, bool expectButton)
    {
        var id = await SubmitScheduledAsync();
        using var browser = new DashboardBrowser(_server);
        await browser.LogInWithKeyAsync(await _server.CreateKeyAsync($"buttons-{scope}", scope));

        var page = await browser.Http.GetStringAsync($"/dashboard/items/{id}");

        Assert.Equal(expectButton, page.Contains(">Cancel</button>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancel_OperateScopeWithToken_CancelsItem()
    {
        var id = await SubmitScheduledAsync();
        using var browser = new DashboardBrowser(_server);
        await browser.LogInWithKeyAsync(await _server.CreateKeyAsync("operator", ApiScopes.Operate));

        using var response = await PostActionAsync(browser, id, "Cancel", withToken: true);

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.OK,
            $"The cancel action returned {(int)response.StatusCode}.");
        Assert.Equal("cancelled", await StateAsync(id));
    }

    [Fact]
    public async Task ItemPage_WithoutSession_Returns401()
    {
        var id = await SubmitScheduledAsync();
        using var browser = new DashboardBrowser(_server);

        using var page = await browser.Http.GetAsync($"/dashboard/items/{id}");
        using var action = await browser.Http.PostAsync($"/dashboard/items/{id}?handler=Cancel", null);

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, action.StatusCode);
        Assert.Equal("pending", await StateAsync(id));
    }

    /// <summary>Loads the item's page as the browser would, then posts the named handler's form.</summary>
    private static async Task<HttpResponseMessage> PostActionAsync(DashboardBrowser browser, long id, string handler, bool withToken)
    {
        var page = await browser.Http.GetStringAsync($"/dashboard/items/{id}");
        var fields = new List<KeyValuePair<string, string>>();
        if (withToken)
        {
            var token = TokenInput().Match(page);
            Assert.True(token.Success, $"The item page has no antiforgery token:\n{page}");
            fields.Add(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups["value"].Value)));
        }

        using var form = new FormUrlEncodedContent(fields);
        return await browser.Http.PostAsync($"/dashboard/items/{id}?handler={handler}", form);
    }

    /// <summary>Submits an item due in an hour, so it stays pending until an action changes it.</summary>
    private async Task<long> SubmitScheduledAsync()
    {
        var item = await _server.SubmitAsync(new { kind = "noop", delay = 3600 });
        return (long)item["id"]!;
    }

    private Task<string> StateAsync(long id)
        => database.ScalarAsync<string>("SELECT state FROM workflow.work_items WHERE id = $1", id);

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*value="(?<value>[^"]+)"[^>]*>""")]
    private static partial Regex TokenInput();
}
