using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Workflow.Api.Security.Keys;

namespace Workflow.Api.Security.Dashboard;

/// <summary>
/// Cookie events of dashboard sessions. A page that needs a login redirects browsers to the login page and gives
/// other clients 401 problem details. A session ends when its API key is revoked or its user is removed from
/// configuration.
/// </summary>
internal sealed class DashboardCookieEvents(ApiKeyValidator keys, IOptionsMonitor<DashboardAuthOptions> options) : CookieAuthenticationEvents
{
    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "A dashboard login is required.",
            detail: $"Log in at {DashboardAuth.LoginPath} with an API key that has the read scope, or with a configured user.")
            .ExecuteAsync(context.HttpContext);
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
        => Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "This dashboard login lacks the required scope.",
            detail: "Viewing needs the read scope and operator actions need the operate scope. Log in with a key or user that has it.")
            .ExecuteAsync(context.HttpContext);

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var prefix = principal.FindFirstValue(ApiKeyAuthenticationHandler.PrefixClaimType);
        var user = principal.FindFirstValue(DashboardAuth.UserClaimType);
        var valid = prefix is not null
            ? await keys.IsActiveAsync(prefix, context.HttpContext.RequestAborted)
            : user is not null && options.CurrentValue.Users.Any(u => u.Name == user);
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(DashboardAuth.CookieScheme);
        }
    }
}
