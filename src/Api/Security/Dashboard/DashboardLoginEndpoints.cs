using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Workflow.Api.Security.Keys;
using Workflow.Api.Security.RateLimiting;

namespace Workflow.Api.Security.Dashboard;

/// <summary>
/// Routes of the dashboard login:
/// <list type="table">
/// <item><term>GET /dashboard/login</term><description>the login page</description></item>
/// <item><term>POST /dashboard/login</term><description>log in with <c>apiKey</c>, or <c>username</c> and <c>password</c>; sets the session cookie</description></item>
/// <item><term>POST /dashboard/logout</term><description>end the session</description></item>
/// </list>
/// Both posts need the antiforgery token of the login page, and login attempts are rate limited per client address.
/// </summary>
internal static class DashboardLoginEndpoints
{
    public static void MapDashboardLogin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(DashboardAuth.BasePath).ExcludeFromDescription().AllowAnonymous()
            .AddEndpointFilter(UseSessionUserAsync);
        group.MapGet("/login", ShowLogin);
        group.MapPost("/login", LoginAsync).RequireRateLimiting(SubmitRateLimiting.LoginPolicy);
        group.MapPost("/logout", LogoutAsync);
    }

    /// <summary>
    /// Sets the request's user to the dashboard session's, if there is one. These routes are open, so the user would
    /// otherwise stay anonymous, and an antiforgery token is valid only for the user it was issued to: a dashboard
    /// page issues its logout token to the session's user, the login page to the requester.
    /// </summary>
    private static async ValueTask<object?> UseSessionUserAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var session = await context.HttpContext.AuthenticateAsync(DashboardAuth.CookieScheme);
        if (session.Succeeded)
        {
            context.HttpContext.User = session.Principal;
        }

        return await next(context);
    }

    private static IResult ShowLogin(HttpContext context, IAntiforgery antiforgery, string? returnUrl)
        => LoginPage.Render(antiforgery.GetAndStoreTokens(context), SafeReturnUrl(returnUrl), error: null);

    private static async Task<IResult> LoginAsync(
        HttpContext context, IAntiforgery antiforgery, ApiKeyValidator keys, IOptionsMonitor<DashboardAuthOptions> options,
        ILogger<DashboardAuthOptions> logger)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return LoginPage.Render(antiforgery.GetAndStoreTokens(context), DashboardAuth.BasePath,
                "The login form expired or did not come from this server. Log in again.", StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = SafeReturnUrl(form["returnUrl"]);
        var remote = context.Connection.RemoteIpAddress?.ToString();
        var (principal, error, status) = form.ContainsKey("apiKey")
            ? await FromKeyAsync(form["apiKey"].ToString(), keys, context.RequestAborted)
            : FromUser(form["username"].ToString(), form["password"].ToString(), options.CurrentValue);
        if (principal is null)
        {
            SecurityLog.LoginFailed(logger, form.ContainsKey("apiKey") ? "API key" : $"user {form["username"]}", remote);
            return LoginPage.Render(antiforgery.GetAndStoreTokens(context), returnUrl, error, status);
        }

        await context.SignInAsync(DashboardAuth.CookieScheme, principal);
        SecurityLog.LoggedIn(logger, principal.Identity!.Name ?? "", remote);
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The logout request is invalid.",
                detail: "Log out with the form of a dashboard page, which carries its antiforgery token.");
        }

        await context.SignOutAsync(DashboardAuth.CookieScheme);
        return Results.Redirect(DashboardAuth.LoginPath);
    }

    private static async Task<(ClaimsPrincipal? Principal, string? Error, int Status)> FromKeyAsync(
        string presented, ApiKeyValidator keys, CancellationToken cancellationToken)
    {
        var check = await keys.CheckAsync(presented.Trim(), cancellationToken);
        if (check.Key is not { } key)
        {
            return (null, check.Failure, StatusCodes.Status401Unauthorized);
        }

        if (!ApiScopes.Allows(key.Scopes, ApiScopes.Read))
        {
            return (null, "This API key lacks the read scope, which the dashboard needs.", StatusCodes.Status403Forbidden);
        }

        return (ApiKeyAuthenticationHandler.CreatePrincipal(key, DashboardAuth.CookieScheme), null, StatusCodes.Status200OK);
    }

    private static (ClaimsPrincipal? Principal, string? Error, int Status) FromUser(
        string name, string password, DashboardAuthOptions options)
    {
        var user = options.Users.FirstOrDefault(u => u.Name == name);
        if (!PasswordHashes.Verify(user, password))
        {
            return (null, "The user name or password is wrong.", StatusCodes.Status401Unauthorized);
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, user!.Name), new(DashboardAuth.UserClaimType, user.Name) };
        claims.AddRange(user.GrantedScopes.Select(scope => new Claim(ApiScopes.ClaimType, scope)));
        return (new ClaimsPrincipal(new ClaimsIdentity(claims, DashboardAuth.CookieScheme)), null, StatusCodes.Status200OK);
    }

    /// <summary>Returns the return URL when it is a dashboard path on this server, and the dashboard home otherwise.</summary>
    private static string SafeReturnUrl(string? returnUrl)
        => returnUrl is not null
           && returnUrl.StartsWith(DashboardAuth.BasePath, StringComparison.Ordinal)
           && !returnUrl.Contains('\\', StringComparison.Ordinal)
           && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative)
            ? returnUrl
            : DashboardAuth.BasePath;
}
