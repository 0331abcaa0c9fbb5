using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Workflow.Api.Security.Dashboard;

/// <summary>Requires dashboard access with <see cref="Scope"/> (read or operate).</summary>
public sealed class DashboardAccessRequirement(string scope) : IAuthorizationRequirement
{
    public string Scope { get; } = scope;
}

/// <summary>
/// Grants <see cref="DashboardAccessRequirement"/> to local requests while no login is configured, and otherwise
/// to a logged-in session whose scopes allow it.
/// </summary>
internal sealed class DashboardAccessHandler(IOptions<DashboardAuthOptions> options, LocalRequests local)
    : AuthorizationHandler<DashboardAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, DashboardAccessRequirement requirement)
    {
        var granted = context.User.FindAll(ApiScopes.ClaimType).Select(c => c.Value);
        var isLocal = options.Value.LocalAccessWithoutLogin && context.Resource is HttpContext http && local.IsLocal(http);
        if (isLocal || ApiScopes.Allows(granted, requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
