namespace Workflow.Api.Security.Dashboard;

/// <summary>
/// Access to the dashboard, bound from <c>Workflow:Dashboard:Auth</c>. Without <see cref="RequireLogin"/> or
/// <see cref="Users"/>, requests from <see cref="LocalNetworks"/> get full access without logging in, as in
/// Hangfire; every other request logs in at <c>/dashboard/login</c> with an API key or a configured user.
/// </summary>
public sealed class DashboardAuthOptions
{
    public const string SectionName = "Workflow:Dashboard:Auth";

    public const int DefaultLoginAttemptsPerMinute = 10;

    public static readonly TimeSpan DefaultSessionLifetime = TimeSpan.FromHours(8);

    /// <summary>Networks whose requests count as local when <see cref="LocalNetworks"/> is empty: IPv4 and IPv6 loopback.</summary>
    public static readonly IReadOnlyList<string> LoopbackNetworks = ["127.0.0.0/8", "::1/128"];

    /// <summary>Requires a login from local requests too. Default false; configuring any user has the same effect.</summary>
    public bool RequireLogin { get; set; }

    /// <summary>
    /// Client networks in CIDR form (<c>10.1.0.0/16</c>) whose requests count as local. Empty means loopback only.
    /// Behind a reverse proxy on the same machine every request comes from loopback, so set
    /// <see cref="RequireLogin"/> there.
    /// </summary>
    public List<string> LocalNetworks { get; set; } = [];

    /// <summary>Users who can log in with a password, in addition to API keys with the read scope.</summary>
    public List<DashboardUserOptions> Users { get; set; } = [];

    /// <summary>How long a login lasts without use, 5 min to 30 days; each request renews it. Default 8 h.</summary>
    public TimeSpan SessionLifetime { get; set; } = DefaultSessionLifetime;

    /// <summary>
    /// Login attempts allowed per client address in each fixed minute, 1 to 10,000, which slows password guessing.
    /// Default 10.
    /// </summary>
    public int LoginAttemptsPerMinute { get; set; } = DefaultLoginAttemptsPerMinute;

    /// <summary>Whether local requests skip the login.</summary>
    public bool LocalAccessWithoutLogin => !RequireLogin && Users.Count == 0;
}
