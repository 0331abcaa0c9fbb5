using System.Net;
using Microsoft.AspNetCore.Builder;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Api;

/// <summary>Dashboard access from loopback, which is local by default.</summary>
public sealed class LocalDashboardAccessTests(LocalDashboardAccessTests.Fixture fixture) : IClassFixture<LocalDashboardAccessTests.Fixture>
{
    [Fact]
    public async Task LocalWithoutLogin_GetsFullAccess()
    {
        using var browser = new DashboardBrowser(fixture.Server);

        using var page = await browser.Http.GetAsync(DashboardBrowser.ReadPage);
        using var action = await browser.Http.PostAsync(DashboardBrowser.OperateAction, null);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, action.StatusCode);
    }

    [Fact]
    public async Task RequireLogin_RefusesLocalWithoutLogin()
    {
        var settings = new Dictionary<string, string?> { ["Workflow:Dashboard:Auth:RequireLogin"] = "true" };
        await using var server = await WorkflowTestServer.StartAsync(
            fixture.Database.ConnectionString, settings, endpoints: DashboardBrowser.MapTestPages);
        using var browser = new DashboardBrowser(server);

        using var page = await browser.Http.GetAsync(DashboardBrowser.ReadPage);

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
    }

    [Fact]
    public async Task RepeatedLogins_Return429WithRetryAfter()
    {
        var settings = new Dictionary<string, string?> { ["Workflow:Dashboard:Auth:LoginAttemptsPerMinute"] = "1" };
        await using var server = await WorkflowTestServer.StartAsync(fixture.Database.ConnectionString, settings);
        using var browser = new DashboardBrowser(server);

        using var first = await browser.LogInWithKeyAsync("wf_wrong");
        using var second = await browser.LogInWithKeyAsync("wf_wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter?.Delta);
    }

    public sealed class Fixture : ServerFixture
    {
        protected override void MapEndpoints(WebApplication app) => DashboardBrowser.MapTestPages(app);
    }
}
