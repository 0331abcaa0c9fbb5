using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Workflow.Api.Security.Dashboard;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>
/// A client of the dashboard that keeps cookies and does not follow redirects, like a browser seen one request at
/// a time. It logs in through the real login form, antiforgery token included.
/// </summary>
public sealed partial class DashboardBrowser : IDisposable
{
    /// <summary>A test page behind the dashboard's read policy.</summary>
    public const string ReadPage = "/dashboard/test/read";

    /// <summary>A test action behind the dashboard's operate policy.</summary>
    public const string OperateAction = "/dashboard/test/operate";

    private readonly HttpClientHandler _handler = new() { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };

    public DashboardBrowser(WorkflowTestServer server)
    {
        Http = server.CreateClient(apiKey: null, _handler);
    }

    public HttpClient Http { get; }

    public CookieContainer Cookies => _handler.CookieContainer;

    /// <summary>Maps <see cref="ReadPage"/> and <see cref="OperateAction"/>, which stand for dashboard pages and actions.</summary>
    public static void MapTestPages(WebApplication app)
    {
        app.MapGet(ReadPage, () => Results.Text("read")).RequireAuthorization(DashboardAuth.ReadPolicy);
        app.MapPost(OperateAction, () => Results.Text("operated")).RequireAuthorization(DashboardAuth.OperatePolicy);
    }

    public Task<HttpResponseMessage> LogInWithKeyAsync(string key) => PostLoginAsync([new("apiKey", key)]);

    public Task<HttpResponseMessage> LogInAsUserAsync(string name, string password)
        => PostLoginAsync([new("username", name), new("password", password)]);

    /// <summary>Loads the login page and posts <paramref name="fields"/> with its antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostLoginAsync(List<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var page = await Http.GetStringAsync("/dashboard/login");
        if (withToken)
        {
            var token = TokenField().Match(page);
            Assert.True(token.Success, $"The login page has no antiforgery token:\n{page}");
            fields.Add(new(token.Groups["name"].Value, WebUtility.HtmlDecode(token.Groups["value"].Value)));
        }

        using var form = new FormUrlEncodedContent(fields);
        return await Http.PostAsync("/dashboard/login", form);
    }

    /// <summary>Returns the Set-Cookie header of the dashboard session in <paramref name="response"/>, or null.</summary>
    public static string? SessionCookieHeader(HttpResponseMessage response)
        => response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith($"{DashboardAuth.CookieName}=", StringComparison.Ordinal))
            : null;

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("""name="(?<name>__RequestVerificationToken)" value="(?<value>[^"]+)"\s*/?>""")]
    private static partial Regex TokenField();
}
