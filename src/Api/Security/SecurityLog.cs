namespace Workflow.Api.Security;

/// <summary>
/// Log events of API and dashboard access, event ids 4000 to 4019. Keys, secrets and passwords are never logged;
/// a key appears only as its id or name.
/// </summary>
internal static partial class SecurityLog
{
    [LoggerMessage(4000, LogLevel.Warning, "The API accepts requests without an API key (Workflow:Api:Auth:AllowAnonymous=true); use this for local development only")]
    public static partial void AnonymousApi(ILogger logger);

    [LoggerMessage(4001, LogLevel.Information, "Dashboard: local requests from {LocalNetworks} get full access without a login; others log in at /dashboard/login")]
    public static partial void DashboardLocalAccess(ILogger logger, string localNetworks);

    [LoggerMessage(4002, LogLevel.Debug, "Rejected an invalid or revoked API key on {Method} {Path} from {RemoteAddress}")]
    public static partial void KeyRejected(ILogger logger, string method, string path, string? remoteAddress);

    [LoggerMessage(4003, LogLevel.Debug, "Rate limited {Method} {Path} for {Principal}; retry after {RetryAfterSeconds} s")]
    public static partial void RateLimited(ILogger logger, string method, string path, string? principal, int retryAfterSeconds);

    [LoggerMessage(4004, LogLevel.Information, "Dashboard login of {Principal} from {RemoteAddress}")]
    public static partial void LoggedIn(ILogger logger, string principal, string? remoteAddress);

    [LoggerMessage(4005, LogLevel.Warning, "Dashboard login with {Credential} from {RemoteAddress} failed")]
    public static partial void LoginFailed(ILogger logger, string credential, string? remoteAddress);

    [LoggerMessage(4006, LogLevel.Warning, "Recording the use of API key {ApiKeyId} failed")]
    public static partial void TouchFailed(ILogger logger, Exception exception, long apiKeyId);
}
