using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Workflow.Api.Security.Dashboard;

namespace Workflow.Api.Security.RateLimiting;

/// <summary>
/// Registers ASP.NET Core's rate limiter with the submit policy (a token bucket per API key) and the login policy
/// (a fixed window per client address), and writes rejections as 429 problem details with <c>Retry-After</c>.
/// The limiter runs after authorization, so requests without a valid key get 401 and take no tokens.
/// </summary>
public static class SubmitRateLimiting
{
    public const string SubmitPolicy = "workflow.submit";
    public const string LoginPolicy = "workflow.dashboard.login";

    public static IServiceCollection AddWorkflowRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(SubmitPolicy, SubmitPartition);
            limiter.AddPolicy(LoginPolicy, LoginPartition);
            limiter.OnRejected = WriteRejectionAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> SubmitPartition(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<SubmitRateLimitOptions>>().Value;
        if (!options.Enabled)
        {
            return RateLimitPartition.GetNoLimiter("off");
        }

        var keyId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        return RateLimitPartition.GetTokenBucketLimiter(keyId ?? ClientAddress(context), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.TokenLimit,
            TokensPerPeriod = options.TokensPerPeriod,
            ReplenishmentPeriod = options.ReplenishmentPeriod,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static RateLimitPartition<string> LoginPartition(HttpContext context)
    {
        var attempts = LoginAttempts(context);
        return RateLimitPartition.GetFixedWindowLimiter(
            ClientAddress(context),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = attempts, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }

    private static int LoginAttempts(HttpContext context)
        => context.RequestServices.GetRequiredService<IOptions<DashboardAuthOptions>>().Value.LoginAttemptsPerMinute;

    private static string ClientAddress(HttpContext context) => $"ip:{context.Connection.RemoteIpAddress}";

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SubmitRateLimiting));
        SecurityLog.RateLimited(logger, context.Request.Method, context.Request.Path, context.User.Identity?.Name, seconds);

        var isLogin = context.Request.Path.StartsWithSegments("/dashboard", StringComparison.Ordinal);
        await Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: isLogin ? "Too many login attempts." : "Too many submit requests for this API key.",
            detail: isLogin
                ? $"This address may try to log in {LoginAttempts(context)} times a minute. Retry after {seconds} s."
                : $"The key has used its submit rate limit (Workflow:Api:RateLimit). Retry after {seconds} s, or send items in batches.",
            extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds })
            .ExecuteAsync(context);
    }
}
