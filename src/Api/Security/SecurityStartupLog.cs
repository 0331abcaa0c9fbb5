using Microsoft.Extensions.Options;
using Workflow.Api.Security.Dashboard;

namespace Workflow.Api.Security;

/// <summary>Logs at start how the API and dashboard are open, so an open API in production is visible in the log.</summary>
internal sealed class SecurityStartupLog(
    IOptions<ApiAuthOptions> api, IOptions<DashboardAuthOptions> dashboard, ILogger<SecurityStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (api.Value.AllowAnonymous)
        {
            SecurityLog.AnonymousApi(logger);
        }

        if (dashboard.Value.LocalAccessWithoutLogin)
        {
            var networks = dashboard.Value.LocalNetworks.Count == 0 ? DashboardAuthOptions.LoopbackNetworks : dashboard.Value.LocalNetworks;
            SecurityLog.DashboardLocalAccess(logger, string.Join(", ", networks));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
