namespace Workflow.Api.Security.Dashboard;

/// <summary>A dashboard user from configuration, such as <c>Workflow:Dashboard:Auth:Users:0:Name</c>.</summary>
public sealed class DashboardUserOptions
{
    /// <summary>The login name, 1 to 100 characters, compared case-sensitively.</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// The password hash in ASP.NET Core Identity's format (PBKDF2 with HMAC-SHA512), as printed by
    /// <c>dotnet Workflow.Api.dll hash-password</c>. The password itself is never configured.
    /// </summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>Dashboard scopes: read, operate (operate includes read). Empty means both.</summary>
    public List<string> Scopes { get; set; } = [];

    public IReadOnlyList<string> GrantedScopes => Scopes.Count == 0 ? [ApiScopes.Read, ApiScopes.Operate] : Scopes;
}
