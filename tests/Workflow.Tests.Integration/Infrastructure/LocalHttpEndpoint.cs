using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>
/// A real HTTP server on Kestrel at a free 127.0.0.1 port, for handlers that make outbound calls. It records
/// every request it receives and responds through a delegate that gets the request's 1-based number.
/// </summary>
public sealed class LocalHttpEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedHttpRequest> _received;

    private LocalHttpEndpoint(WebApplication app, ConcurrentQueue<ReceivedHttpRequest> received, Uri baseAddress)
    {
        _app = app;
        _received = received;
        BaseAddress = baseAddress;
    }

    /// <summary>The root URL, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    public IReadOnlyList<ReceivedHttpRequest> Received => [.. _received];

    public static async Task<LocalHttpEndpoint> StartAsync(Func<HttpContext, int, Task> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();

        var received = new ConcurrentQueue<ReceivedHttpRequest>();
        var count = 0;
        app.Run(async context =>
        {
            var number = Interlocked.Increment(ref count);
            var request = context.Request;
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            received.Enqueue(new ReceivedHttpRequest(number, request.Method, request.Path + request.QueryString, headers));
            await respond(context, number);
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new LocalHttpEndpoint(app, received, new Uri(address + "/"));
    }

    /// <summary>Returns the absolute URL of <paramref name="pathAndQuery"/> on this endpoint.</summary>
    public string Url(string pathAndQuery) => new Uri(BaseAddress, pathAndQuery).ToString();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
