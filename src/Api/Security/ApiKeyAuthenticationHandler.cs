using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Workflow.Api.Security.Keys;

namespace Workflow.Api.Security;

/// <summary>
/// Authenticates requests that carry an API key as <c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>.
/// A request without either is anonymous here, so the authorization policy decides between 401 and access.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder, ApiKeyValidator validator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>Claim type of the key's public prefix, which cookie sessions use to notice a revoked key.</summary>
    public const string PrefixClaimType = "workflow:key_prefix";

    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadKey(Request);
        if (presented is null)
        {
            // The header's value is not echoed back: a key sent without its scheme would end up in the response.
            return Request.Headers.Authorization.Count == 0
                ? AuthenticateResult.NoResult()
                : AuthenticateResult.Fail("The Authorization header does not use the Bearer scheme. Send the key as 'Authorization: Bearer KEY'.");
        }

        var check = await validator.CheckAsync(presented, Context.RequestAborted);
        if (check.Key is not { } key)
        {
            SecurityLog.KeyRejected(Logger, Request.Method, Request.Path, Context.Connection.RemoteIpAddress?.ToString());
            return AuthenticateResult.Fail(check.Failure!);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(CreatePrincipal(key, SchemeName), SchemeName));
    }

    /// <summary>Builds the principal of a key: its id, name, prefix and one claim per scope.</summary>
    public static ClaimsPrincipal CreatePrincipal(ApiKeyIdentity key, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, $"key:{key.Id}"),
            new(ClaimTypes.Name, key.Name),
            new(PrefixClaimType, key.Prefix),
        };
        claims.AddRange(key.Scopes.Select(scope => new Claim(ApiScopes.ClaimType, scope)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>Returns the key in the Authorization or X-Api-Key header, or null when neither carries one.</summary>
    public static string? ReadKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return authorization[BearerPrefix.Length..].Trim();
        }

        var header = request.Headers[HeaderName].ToString();
        return header.Length > 0 ? header.Trim() : null;
    }
}
