using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;
using Workflow.Api;
using Workflow.Api.Security;
using Workflow.Api.Security.Keys;
using Workflow.Persistence;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>
/// The real server in the test process, on Kestrel at a free loopback port, against a test database.
/// Tests call it over real HTTP through <see cref="Client"/>, which sends an API key with every scope.
/// </summary>
public sealed class WorkflowTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WorkflowTestServer(WebApplication app, Uri address, string adminKey)
    {
        _app = app;
        Address = address;
        AdminKey = adminKey;
        Client = CreateClient(adminKey);
    }

    /// <summary>A client that sends <see cref="AdminKey"/> as its bearer token.</summary>
    public HttpClient Client { get; }

    public Uri Address { get; }

    /// <summary>An API key with the submit, read and operate scopes, created at start.</summary>
    public string AdminKey { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Settings that keep tests quick: short polls, heartbeats, sweeps, backoff and circuit breaks, so a test that fails
    /// many items of one kind waits a second, not the default 30 s, when their breaker opens. The cluster check-in
    /// takes over a killed node's triggers within a few seconds but leaves a loaded test machine some slack. The pool
    /// runs a fixed <c>MaxWorkers</c>, so the next items still start while a test keeps one item waiting in a handler.
    /// Tests of scaling turn <c>Workflow:Scaling:Enabled</c> back on.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> FastSettings = new Dictionary<string, string?>
    {
        ["Workflow:PollInterval"] = "00:00:00.200",
        ["Workflow:HeartbeatInterval"] = "00:00:00.500",
        ["Workflow:LeaseDuration"] = "00:00:05",
        ["Workflow:NodeStaleAfter"] = "00:00:03",
        ["Workflow:RecoveryInterval"] = "00:00:00.500",
        ["Workflow:Scheduler:ClusterCheckinInterval"] = "00:00:01",
        ["Workflow:Scheduler:ClusterCheckinMisfireThreshold"] = "00:00:03",
        ["Workflow:ShutdownTimeout"] = "00:00:02",
        ["Workflow:CancellationGrace"] = "00:00:01",
        ["Workflow:Backoff:BaseDelay"] = "00:00:00.100",
        ["Workflow:Backoff:Cap"] = "00:00:02",
        ["Workflow:CircuitBreaker:BreakDuration"] = "00:00:01",
        ["Workflow:CircuitBreaker:MaxBreakDuration"] = "00:00:02",
        ["Workflow:Scaling:Enabled"] = "false",
    };

    /// <summary>
    /// Starts a server; <paramref name="endpoints"/> may map extra routes, such as test pages behind the dashboard's
    /// policies, before it starts.
    /// </summary>
    public static async Task<WorkflowTestServer> StartAsync(
        string connectionString,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? endpoints = null)
    {
        var args = new List<string> { "--urls=http://127.0.0.1:0", $"--ConnectionStrings:Workflow={connectionString}" };
        foreach (var (key, value) in FastSettings.Concat(settings ?? new Dictionary<string, string?>()))
        {
            args.Add($"--{key}={value}");
        }

        var app = WorkflowServer.Build([.. args], builder => services?.Invoke(builder.Services));
        endpoints?.Invoke(app);
        await WorkflowDatabase.MigrateAsync(app.Services);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var (_, adminKey) = await app.Services.GetRequiredService<ApiKeyStore>().CreateAsync("tests", ApiScopes.All, CancellationToken.None);
        return new WorkflowTestServer(app, new Uri(address), adminKey);
    }

    /// <summary>Creates a key with <paramref name="scopes"/> and returns its text.</summary>
    public async Task<string> CreateKeyAsync(string name, params string[] scopes)
    {
        var (_, key) = await Services.GetRequiredService<ApiKeyStore>().CreateAsync(name, scopes, CancellationToken.None);
        return key;
    }

    /// <summary>Returns a new client of this server that sends <paramref name="apiKey"/> as its bearer token, or no key when null.</summary>
    public HttpClient CreateClient(string? apiKey, HttpMessageHandler? handler = null)
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler);
        client.BaseAddress = Address;
        client.Timeout = TimeSpan.FromSeconds(60);
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Submits one item and returns the response body; fails the test unless the status is 2xx.</summary>
    public async Task<JsonObject> SubmitAsync(object request)
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/items", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Submit returned {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public async Task<JsonObject> GetItemAsync(long id)
    {
        var body = await Client.GetStringAsync($"/api/v1/items/{id}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Waits until the item reaches <paramref name="state"/> and returns it.</summary>
    public Task<JsonObject> WaitForStateAsync(long id, string state, TimeSpan? timeout = null)
        => Eventually.ValueAsync(() => GetItemAsync(id), item => (string?)item["state"] == state,
            $"item {id} to be {state}", timeout);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
