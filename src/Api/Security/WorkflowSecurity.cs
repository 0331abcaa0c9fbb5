using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Workflow.Api.Security.Dashboard;
using Workflow.Api.Security.Keys;
using Workflow.Api.Security.RateLimiting;

namespace Workflow.Api.Security;

/// <summary>
/// Registers access control: API keys with scopes for <c>/api/v1</c>, the submit rate limit, dashboard sessions
/// and their policies, and the dashboard's security headers. Routes opt in with the policy names of
/// <see cref="ApiScopes"/> and <see cref="DashboardAuth"/>; routes without a policy, such as <c>/health/*</c>,
/// stay open.
/// </summary>
public static class WorkflowSecurity
{
    public static IServiceCollection AddWorkflowSecurity(this IServiceCollection services)
    {
        AddValidatedOptions<ApiAuthOptions, ApiAuthOptionsValidator>(services, ApiAuthOptions.SectionName);
        AddValidatedOptions<SubmitRateLimitOptions, SubmitRateLimitOptionsValidator>(services, SubmitRateLimitOptions.SectionName);
        AddValidatedOptions<DashboardAuthOptions, DashboardAuthOptionsValidator>(services, DashboardAuthOptions.SectionName);

        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ApiKeyValidator>();
        services.AddSingleton<LocalRequests>();
        services.AddSingleton<IAuthorizationHandler, ApiScopeAuthorizationHandler>();
        services.AddSingleton<IAuthorizationHandler, DashboardAccessHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        services.AddScoped<DashboardCookieEvents>();
        services.AddSingleton<PostgresSessionStore>();
        services.AddSingleton<IConfigureOptions<CookieAuthenticationOptions>, ConfigureDashboardCookie>();
        services.AddHostedService<SecurityStartupLog>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(DashboardAuth.CookieScheme);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiScopes.SubmitPolicy, policy => ApiPolicy(policy, ApiScopes.Submit))
            .AddPolicy(ApiScopes.ReadPolicy, policy => ApiPolicy(policy, ApiScopes.Read))
            .AddPolicy(ApiScopes.OperatePolicy, policy => ApiPolicy(policy, ApiScopes.Operate))
            .AddPolicy(DashboardAuth.ReadPolicy, policy => DashboardPolicy(policy, ApiScopes.Read))
            .AddPolicy(DashboardAuth.OperatePolicy, policy => DashboardPolicy(policy, ApiScopes.Operate));
        // NOTE: cookies and antiforgery tokens use the default data protection key ring, which is per machine, so
        // a session made on one machine is not valid on another until the key ring is shared (PersistKeysTo...).
        services.AddAntiforgery();
        services.AddWorkflowRateLimiting();
        return services;
    }

    /// <summary>Adds the middleware in order: dashboard headers, authentication, authorization, then rate limits.</summary>
    public static WebApplication UseWorkflowSecurity(this WebApplication app)
    {
        app.UseDashboardSecurityHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapDashboardLogin();
        return app;
    }

    private static void ApiPolicy(AuthorizationPolicyBuilder policy, string scope)
        => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).AddRequirements(new ApiScopeRequirement(scope));

    private static void DashboardPolicy(AuthorizationPolicyBuilder policy, string scope)
        => policy.AddAuthenticationSchemes(DashboardAuth.CookieScheme).AddRequirements(new DashboardAccessRequirement(scope));

    private static void AddValidatedOptions<TOptions, TValidator>(IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }
}
