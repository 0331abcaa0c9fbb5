using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Workflow.Api.Alerts;
using Workflow.Api.Dashboard;
using Workflow.Api.Handlers;
using Workflow.Api.Handlers.Http;
using Workflow.Api.Health;
using Workflow.Api.Items;
using Workflow.Api.Nodes;
using Workflow.Api.Problems;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Workflow.Api.Security;
using Workflow.Api.Security.Dashboard;
using Workflow.Api.Security.RateLimiting;
using Workflow.Engine;
using Workflow.Engine.Metrics;
using Workflow.Engine.Health;
using Workflow.Engine.Options;
using Workflow.Persistence;

namespace Workflow.Api;

/// <summary>
/// Builds the Workflow server: REST API behind API keys, dashboard with its access rules, health endpoints, Prometheus metrics,
/// OpenAPI document, built-in handlers and an engine node. Tests and embedding hosts call <see cref="Build"/> and may add services before it is built.
/// </summary>
public static class WorkflowServer
{
    public const string ConnectionStringName = "Workflow";

    /// <summary>Path of the Prometheus scraping endpoint, which exports the <see cref="WorkflowMetrics.MeterName"/> meter.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The OpenTelemetry <c>service.name</c> of the server, shown in the <c>target_info</c> metric.</summary>
    public const string ServiceName = "workflow";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new MissingConnectionStringException(
                "No connection string is configured. Set ConnectionStrings__Workflow (for example " +
                "\"Host=127.0.0.1;Port=5432;Database=workflow;Username=workflow\"), or start the server with ops/run, " +
                "which starts a local PostgreSQL cluster.");
        }

        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddOptions<HttpRequestKindOptions>().BindConfiguration(HttpRequestKindOptions.SectionName);
        services.AddOptions<WorkflowOptions>().BindConfiguration(WorkflowOptions.SectionName);
        services.AddWorkflowEngine();
        services.AddWorkflowPostgres(connectionString);
        services.AddBuiltInHandlers();
        services.AddSingleton<IAlertSink, WebhookAlertSink>();
        services.AddSingleton<SubmissionParser>();
        services.AddWorkflowHealthChecks();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics.AddMeter(WorkflowMetrics.MeterName).AddPrometheusExporter());
        services.AddWorkflowSecurity();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = UnsupportedMediaTypeProblems.Customize);
        services.AddOpenApi();
        services.AddWorkflowDashboard();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var api = StartupChecks.BindOrDefault<ApiOptions>(context.Configuration, ApiOptions.SectionName);
            kestrel.Limits.MaxRequestBodySize = api.MaxRequestBodyBytes;
        });

        // The node drains in-flight work for up to its shutdown timeout, so the host must wait longer than that.
        var engine = StartupChecks.BindOrDefault<WorkflowOptions>(builder.Configuration, WorkflowOptions.SectionName);
        services.Configure<HostOptions>(host => host.ShutdownTimeout = engine.ShutdownTimeout + engine.CancellationGrace + TimeSpan.FromSeconds(10));

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = StatusCodeFor,
            SuppressDiagnosticsCallback = context => IsExpected(context.Exception),
        });
        app.UseStatusCodePages();
        app.UseWorkflowSecurity();
        app.MapOpenApi();
        app.MapItemEndpoints();
        app.MapSystemEndpoints();
        app.MapWorkflowHealthEndpoints();
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        app.MapWorkflowDashboard();
        return app;
    }

    /// <summary>
    /// Checks every option, applies migrations, then runs the server until it is stopped. Returns the process exit
    /// code: 0 after a normal stop, <see cref="InvalidConfigurationExitCode"/> when options are invalid, in which case
    /// every invalid value has been written to standard error and the database has not been touched.
    /// </summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        var failures = StartupChecks.InvalidOptions(app.Services, app.Configuration, OptionSections);
        if (failures.Count > 0)
        {
            await Console.Error.WriteLineAsync(StartupChecks.Describe(failures));
            return InvalidConfigurationExitCode;
        }

        await WorkflowDatabase.MigrateAsync(app.Services);
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        try
        {
            await app.RunAsync();
        }
        catch (Exception ex) when (lifetime.ApplicationStopping.IsCancellationRequested && IsCancellation(ex))
        {
            // A stop signal arrived while the server was starting, and the host has disposed what it started. The
            // node leases work only once the start has completed, so it held nothing: exit as after a normal stop.
        }

        return 0;
    }

    /// <summary>
    /// Every options class the server binds, with its configuration section. A value under one of these sections
    /// that cannot be converted to its property's type is reported at start with every other invalid value.
    /// </summary>
    internal static readonly IReadOnlyList<(string Section, Type Type)> OptionSections =
    [
        (WorkflowOptions.SectionName, typeof(WorkflowOptions)),
        (ApiOptions.SectionName, typeof(ApiOptions)),
        (HttpRequestKindOptions.SectionName, typeof(HttpRequestKindOptions)),
        (ApiAuthOptions.SectionName, typeof(ApiAuthOptions)),
        (SubmitRateLimitOptions.SectionName, typeof(SubmitRateLimitOptions)),
        (DashboardAuthOptions.SectionName, typeof(DashboardAuthOptions)),
    ];

    /// <summary>Exit code of a server that stops at start because its configuration is invalid (EX_CONFIG from sysexits.h).</summary>
    public const int InvalidConfigurationExitCode = 78;

    private static int StatusCodeFor(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        OperationCanceledException => StatusCodes.Status499ClientClosedRequest,
        _ when IsDatabaseUnavailable(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>
    /// Returns true when <paramref name="exception"/> is a cancellation or wraps one, as a library that reports a
    /// cancelled start in its own exception type does (Quartz.NET's scheduler start does).
    /// </summary>
    private static bool IsCancellation(Exception exception) => exception switch
    {
        OperationCanceledException => true,
        { InnerException: { } inner } => IsCancellation(inner),
        _ => false,
    };

    /// <summary>
    /// Returns true for a lost or refused database connection, also after EF Core's retries gave up, so the client
    /// gets 503 and may try again instead of a 500 that suggests a fault in the request or the server.
    /// </summary>
    private static bool IsDatabaseUnavailable(Exception exception) => exception switch
    {
        _ when PostgresWorkStore.IsTransientError(exception) => true,
        Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException => true,
        { InnerException: { } inner } => IsDatabaseUnavailable(inner),
        _ => false,
    };

    /// <summary>
    /// Returns true for exceptions that are the client's doing (a body too large, a request cancelled), so the
    /// exception handler does not log them as server faults. A database outage is still logged.
    /// </summary>
    private static bool IsExpected(Exception exception) => exception is BadHttpRequestException or OperationCanceledException;
}
