using System.Net;

namespace Workflow.Api.Handlers.Http;

/// <summary>Resolves host names for <c>http.request</c>; the default uses the system resolver.</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>Resolves through <see cref="Dns"/>.</summary>
public sealed class SystemHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        => Dns.GetHostAddressesAsync(host, cancellationToken);
}
