using Microsoft.Extensions.Options;
using Workflow.Api.Handlers.Http;
using Workflow.Engine;

namespace Workflow.Api.Handlers;

/// <summary>Registers the kinds every server has: <c>http.request</c>, <c>noop</c> and <c>delay</c>.</summary>
internal static class BuiltInHandlers
{
    public static IServiceCollection AddBuiltInHandlers(this IServiceCollection services)
    {
        services.AddSingleton<IHostResolver, SystemHostResolver>();
        services.AddSingleton<GuardedConnector>();
        services.AddHttpClient(HttpRequestHandler.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<GuardedConnector>().ConnectAsync,
                UseProxy = false,
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 5,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });

        services.AddSingleton(sp => new HttpRequestRedactor(sp.GetRequiredService<IOptions<HttpRequestKindOptions>>().Value.RedactedHeaders));
        services.AddWorkHandler<HttpRequestHandler, HttpRequestPayload>(HttpRequestHandler.Kind, kind =>
            kind.RedactPayload = (sp, payload) => sp.GetRequiredService<HttpRequestRedactor>().Redact(payload));
        services.AddWorkHandler<NoopHandler, NoopPayload>(NoopHandler.Kind);
        services.AddWorkHandler<DelayHandler, DelayPayload>(DelayHandler.Kind);
        return services;
    }
}
