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
/// An HTTP endpoint on a free 127.0.0.1 port whose answers the test switches: every request succeeds, fails with
/// 503, or is held until <see cref="Release"/>. It counts requests and the largest number it served at once.
/// </summary>
public sealed class FlakyEndpoint : IAsyncDisposable
{
    /// <summary>A held request answers 503 after this long if the test never releases it.</summary>
    private static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private EndpointMode _mode = EndpointMode.Succeed;
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;
    private int _inFlight;
    private int _maxInFlight;
    private int _held;

    private FlakyEndpoint(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    private enum EndpointMode
    {
        Succeed,
        Fail,
        Hold,
    }

    public Uri BaseAddress { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Most requests in progress at once since the last <see cref="ResetMaxConcurrent"/>.</summary>
    public int MaxConcurrent => Volatile.Read(ref _maxInFlight);

    /// <summary>Requests waiting for <see cref="Release"/> right now.</summary>
    public int Held => Volatile.Read(ref _held);

    public static async Task<FlakyEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FlakyEndpoint? endpoint = null;
        app.Run(context => endpoint!.AnswerAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        endpoint = new FlakyEndpoint(app, new Uri(address));
        return endpoint;
    }

    public void Succeed() => SetMode(EndpointMode.Succeed);

    public void Fail() => SetMode(EndpointMode.Fail);

    /// <summary>Holds every request from now on until <see cref="Release"/>, which answers them with 200.</summary>
    public void Hold() => SetMode(EndpointMode.Hold);

    /// <summary>Answers the held requests with 200 and succeeds from now on.</summary>
    public void Release()
    {
        TaskCompletionSource release;
        lock (_lock)
        {
            _mode = EndpointMode.Succeed;
            release = _release;
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        release.TrySetResult();
    }

    public void ResetMaxConcurrent() => Volatile.Write(ref _maxInFlight, Volatile.Read(ref _inFlight));

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void SetMode(EndpointMode mode)
    {
        lock (_lock)
        {
            _mode = mode;
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var inFlight = Interlocked.Increment(ref _inFlight);
        UpdateMax(inFlight);
        try
        {
            EndpointMode mode;
            Task release;
            lock (_lock)
            {
                mode = _mode;
                release = _release.Task;
            }

            var status = mode == EndpointMode.Fail ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            if (mode == EndpointMode.Hold)
            {
                Interlocked.Increment(ref _held);
                try
                {
                    var released = await Task.WhenAny(release, Task.Delay(MaxHold)) == release;
                    status = released ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
                }
                finally
                {
                    Interlocked.Decrement(ref _held);
                }
            }

            context.Response.StatusCode = status;
            await context.Response.WriteAsync(status == StatusCodes.Status200OK ? "{\"ok\":true}" : "{\"ok\":false}");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void UpdateMax(int inFlight)
    {
        var max = Volatile.Read(ref _maxInFlight);
        while (inFlight > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxInFlight, inFlight, max);
            if (seen == max)
            {
                return;
            }

            max = seen;
        }
    }
}
