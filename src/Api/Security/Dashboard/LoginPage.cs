using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace Workflow.Api.Security.Dashboard;

/// <summary>
/// The HTML of <c>/dashboard/login</c>: one form for an API key and one for a user name and password. It has no
/// scripts or inline styles, so it works under the dashboard's Content-Security-Policy.
/// </summary>
internal static class LoginPage
{
    public static IResult Render(AntiforgeryTokenSet tokens, string returnUrl, string? error, int statusCode = StatusCodes.Status200OK)
    {
        var html = HtmlEncoder.Default;
        var hidden = $"""
            <input type="hidden" name="{html.Encode(tokens.FormFieldName)}" value="{html.Encode(tokens.RequestToken ?? "")}">
            <input type="hidden" name="returnUrl" value="{html.Encode(returnUrl)}">
            """;
        var page = new StringBuilder();
        page.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Workflow dashboard: log in</title></head>
            <body>
            <main>
            <h1>Log in to the Workflow dashboard</h1>
            """);
        if (error is not null)
        {
            page.Append($"<p role=\"alert\">{html.Encode(error)}</p>\n");
        }

        page.Append($"""
            <form method="post" action="{DashboardAuth.LoginPath}">
            <h2>With an API key</h2>
            {hidden}
            <label>API key <input type="password" name="apiKey" autocomplete="off" required></label>
            <button type="submit">Log in</button>
            </form>
            <form method="post" action="{DashboardAuth.LoginPath}">
            <h2>As a user</h2>
            {hidden}
            <label>User name <input type="text" name="username" autocomplete="username" required></label>
            <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
            <button type="submit">Log in</button>
            </form>
            </main>
            </body>
            </html>
            """);
        return Results.Content(page.ToString(), "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }
}
