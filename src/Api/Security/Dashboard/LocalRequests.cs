using System.Net;
using Microsoft.Extensions.Options;

namespace Workflow.Api.Security.Dashboard;

/// <summary>
/// Decides whether a request comes from a local client: its connection's remote address lies in one of
/// <see cref="DashboardAuthOptions.LocalNetworks"/>. The address is the TCP peer unless a forwarded-headers
/// middleware replaced it.
/// </summary>
public sealed class LocalRequests
{
    private readonly IReadOnlyList<IPNetwork> _networks;

    public LocalRequests(IOptions<DashboardAuthOptions> options)
    {
        var configured = options.Value.LocalNetworks.Count == 0 ? DashboardAuthOptions.LoopbackNetworks : options.Value.LocalNetworks;

        // Invalid entries stop the host at start through the validator; skipping them here keeps this constructor total.
        _networks = [.. configured.Select(text => IPNetwork.TryParse(text, out var network) ? network : (IPNetwork?)null)
            .OfType<IPNetwork>()];
    }

    public bool IsLocal(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return _networks.Any(network => network.Contains(address));
    }
}
