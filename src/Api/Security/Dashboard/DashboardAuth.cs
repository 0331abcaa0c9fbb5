using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Workflow.Api.Security.Dashboard;

/// <summary>
/// The names dashboard routes use for access control: put <see cref="ReadPolicy"/> on the <c>/dashboard</c> route
/// group and <see cref="OperatePolicy"/> on operator actions such as retry and cancel.
/// </summary>
public static class DashboardAuth
{
    public const string ReadPolicy = "workflow.dashboard.read";
    public const string OperatePolicy = "workflow.dashboard.operate";

    /// <summary>The cookie authentication scheme of dashboard sessions.</summary>
    public const string CookieScheme = "WorkflowDashboard";

    public const string CookieName = "workflow.dashboard";
    public const string BasePath = "/dashboard";
    public const string LoginPath = "/dashboard/login";
    public const string LogoutPath = "/dashboard/logout";

    /// <summary>Claim type that marks a session of a configured user, holding the user name.</summary>
    public const string UserClaimType = "workflow:dashboard_user";

    internal static void ConfigureCookie(CookieAuthenticationOptions cookie, DashboardAuthOptions options)
    {
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.Path = BasePath;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.LoginPath = LoginPath;
        cookie.LogoutPath = LogoutPath;
        cookie.ReturnUrlParameter = "returnUrl";
        cookie.ExpireTimeSpan = options.SessionLifetime;
        cookie.SlidingExpiration = true;
        cookie.EventsType = typeof(DashboardCookieEvents);
    }
}

/// <summary>Applies <see cref="DashboardAuthOptions"/> to the dashboard's cookie scheme.</summary>
internal sealed class ConfigureDashboardCookie(IOptions<DashboardAuthOptions> options, PostgresSessionStore sessions)
    : IConfigureNamedOptions<CookieAuthenticationOptions>
{
    public void Configure(string? name, CookieAuthenticationOptions cookie)
    {
        if (name == DashboardAuth.CookieScheme)
        {
            DashboardAuth.ConfigureCookie(cookie, options.Value);
            cookie.SessionStore = sessions;
        }
    }

    public void Configure(CookieAuthenticationOptions cookie) => Configure(Options.DefaultName, cookie);
}
