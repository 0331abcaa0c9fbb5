using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Workflow.Api.Handlers.Http;

/// <summary>
/// The connect step of the <c>http.request</c> client: resolves the host, checks every address against the
/// <see cref="DestinationPolicy"/>, and only then opens a socket. A name with any denied address is denied
/// whole, so DNS answers that mix public and internal addresses cannot be used to reach the internal one.
/// </summary>
public sealed class GuardedConnector(IHostResolver resolver, IOptions<HttpRequestKindOptions> options)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var policy = new DestinationPolicy(options.Value.AllowLoopback, options.Value.AllowPrivateNetworks);
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await resolver.ResolveAsync(host, cancellationToken).ConfigureAwait(false);

        if (addresses.Length == 0)
        {
            throw new HttpRequestException($"The host '{host}' did not resolve to any address.");
        }

        foreach (var address in addresses)
        {
            if (policy.Check(address) is { } reason)
            {
                throw new DestinationDeniedException(host, reason);
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
