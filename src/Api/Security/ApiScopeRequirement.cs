using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Workflow.Api.Security;

/// <summary>Requires an API key that has <see cref="Scope"/>, unless the API is open for local development.</summary>
public sealed class ApiScopeRequirement(string scope) : IAuthorizationRequirement
{
    public string Scope { get; } = scope;
}

/// <summary>Grants <see cref="ApiScopeRequirement"/> from the scope claims of the key, or to anyone when anonymous access is on.</summary>
internal sealed class ApiScopeAuthorizationHandler(IOptions<ApiAuthOptions> options) : AuthorizationHandler<ApiScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiScopeRequirement requirement)
    {
        var granted = context.User.FindAll(ApiScopes.ClaimType).Select(c => c.Value);
        if (options.Value.AllowAnonymous || ApiScopes.Allows(granted, requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
