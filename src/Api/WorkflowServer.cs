using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Workflow.Api.Dashboard;
using Workflow.Api.Handlers;
using Workflow.Api.Handlers.Http;
using Workflow.Api.Health;
using Workflow.Api.Items;
using Workflow.Api.Nodes;
using Workflow.Engine;
using Workflow.Engine.Options;
using Workflow.Persistence;

namespace Workflow.Api;

/// <summary>
/// Builds the Workflow server: REST API, dashboard, health endpoints, OpenAPI document, built-in handlers and an engine
/// node. Tests and embedding hosts call <see cref="Build"/> and may add services before it is built.
/// </summary>
public static class WorkflowServer
{
    public const string ConnectionStringName = "Workflow";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                "No connection string is configured. Set ConnectionStrings__Workflow (for example " +
                "\"Host=127.0.0.1;Port=5432;Database=workflow;Username=workflow\"), or start the server with ops/run, " +
                "which starts a local PostgreSQL cluster.");

        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddOptions<HttpRequestKindOptions>().BindConfiguration(HttpRequestKindOptions.SectionName);
        services.AddOptions<WorkflowOptions>().BindConfiguration(WorkflowOptions.SectionName);
        services.AddWorkflowEngine();
        services.AddWorkflowPostgres(connectionString);
        services.AddBuiltInHandlers();
        services.AddSingleton<SubmissionParser>();
        services.AddWorkflowHealthChecks();
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddWorkflowDashboard();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var api = context.Configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions();
            kestrel.Limits.MaxRequestBodySize = api.MaxRequestBodyBytes;
        });

        // The node drains in-flight work for up to its shutdown timeout, so the host must wait longer than that.
        var engine = builder.Configuration.GetSection(WorkflowOptions.SectionName).Get<WorkflowOptions>() ?? new WorkflowOptions();
        services.Configure<HostOptions>(host => host.ShutdownTimeout = engine.ShutdownTimeout + engine.CancellationGrace + TimeSpan.FromSeconds(10));

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusCodeFor });
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapItemEndpoints();
        app.MapSystemEndpoints();
        app.MapWorkflowHealthEndpoints();
        app.MapWorkflowDashboard();
        return app;
    }

    /// <summary>Applies migrations, then runs the server until it is stopped.</summary>
    public static async Task RunAsync(WebApplication app)
    {
        await WorkflowDatabase.MigrateAsync(app.Services);
        await app.RunAsync();
    }

    private static int StatusCodeFor(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        OperationCanceledException => StatusCodes.Status499ClientClosedRequest,
        _ => StatusCodes.Status500InternalServerError,
    };
}
