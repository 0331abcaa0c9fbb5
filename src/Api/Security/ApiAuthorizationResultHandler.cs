using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Workflow.Api.Security;

/// <summary>
/// Turns a failed API policy into RFC 9457 problem details: 401 with <c>WWW-Authenticate</c> when the request has
/// no valid key, 403 naming the missing scope when the key lacks it. Other policies, such as the dashboard's, keep
/// the default behaviour of their authentication scheme.
/// </summary>
internal sealed class ApiAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(
        RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var requirement = policy.Requirements.OfType<ApiScopeRequirement>().FirstOrDefault();
        if (requirement is null || authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            var granted = context.User.FindAll(ApiScopes.ClaimType).Select(c => c.Value).ToList();
            await Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "The API key lacks the required scope.",
                detail: $"This route needs the '{requirement.Scope}' scope; the key has " +
                        $"{(granted.Count == 0 ? "none" : string.Join(", ", granted))}. Use a key with that scope.",
                extensions: new Dictionary<string, object?> { ["requiredScope"] = requirement.Scope })
                .ExecuteAsync(context);
            return;
        }

        // The scheme caches its result per request, so this reads the outcome of the policy's own authentication.
        var authentication = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
        var presented = authentication.Failure is not null;
        context.Response.Headers.WWWAuthenticate = presented
            ? "Bearer realm=\"workflow\", error=\"invalid_token\""
            : "Bearer realm=\"workflow\"";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: presented ? "The API key was rejected." : "An API key is required.",
            detail: presented
                ? authentication.Failure!.Message
                : $"Send an API key as 'Authorization: Bearer KEY' or '{ApiKeyAuthenticationHandler.HeaderName}: KEY'. " +
                  "ops/run keeps a local key in .local/api-key; create others with 'ops/keys create --name NAME --scopes submit,read' " +
                  "(or 'dotnet Workflow.Api.dll keys create ...' where the server is installed).")
            .ExecuteAsync(context);
    }
}
