using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Api;

public sealed class SecurityOptionsTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task InvalidValues_StopHostListingEach()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Workflow:Api:Auth:KeyCacheDuration"] = "01:00:00",
            ["Workflow:Api:RateLimit:TokenLimit"] = "0",
            ["Workflow:Api:RateLimit:TokensPerPeriod"] = "-5",
            ["Workflow:Api:RateLimit:ReplenishmentPeriod"] = "00:00:00",
            ["Workflow:Dashboard:Auth:LocalNetworks:0"] = "not-a-network",
            ["Workflow:Dashboard:Auth:SessionLifetime"] = "00:00:01",
            ["Workflow:Dashboard:Auth:LoginAttemptsPerMinute"] = "0",
            ["Workflow:Dashboard:Auth:Users:0:Name"] = "admin",
            ["Workflow:Dashboard:Auth:Users:0:PasswordHash"] = "plain-text",
            ["Workflow:Dashboard:Auth:Users:0:Scopes:0"] = "submit",
        };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => WorkflowTestServer.StartAsync(database.ConnectionString, settings));

        List<Exception> errors = error is AggregateException aggregate ? [.. aggregate.InnerExceptions] : [error];
        Assert.All(errors, e => Assert.IsType<OptionsValidationException>(e));
        var messages = string.Join("\n", errors.Select(e => e.Message));
        foreach (var name in new[]
                 {
                     "Workflow:Api:Auth:KeyCacheDuration is 01:00:00",
                     "Workflow:Api:RateLimit:TokenLimit is 0",
                     "Workflow:Api:RateLimit:TokensPerPeriod is -5",
                     "Workflow:Api:RateLimit:ReplenishmentPeriod is 00:00:00",
                     "Workflow:Dashboard:Auth:LocalNetworks:0 is 'not-a-network'",
                     "Workflow:Dashboard:Auth:SessionLifetime is 00:00:01",
                     "Workflow:Dashboard:Auth:LoginAttemptsPerMinute is 0",
                     "Workflow:Dashboard:Auth:Users:0:PasswordHash",
                     "Workflow:Dashboard:Auth:Users:0:Scopes contains 'submit'",
                 })
        {
            Assert.Contains(name, messages, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AllowAnonymous_OpensApiAndWarns()
    {
        var logs = new LogCapture();
        var settings = new Dictionary<string, string?> { ["Workflow:Api:Auth:AllowAnonymous"] = "true" };
        await using var server = await WorkflowTestServer.StartAsync(
            database.ConnectionString, settings, services => services.AddSingleton<ILoggerProvider>(logs));
        using var client = server.CreateClient(apiKey: null);

        using var submitted = await client.PostAsJsonAsync("/api/v1/items", new { kind = "noop" });
        using var cancelled = await client.PostAsync("/api/v1/items/1/cancel", null);

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, cancelled.StatusCode);
        var warning = Assert.Single(logs.WithEventId(4000));
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    [Fact]
    public async Task DefaultServer_DoesNotWarnAboutAnonymousAccess()
    {
        var logs = new LogCapture();
        await using var server = await WorkflowTestServer.StartAsync(
            database.ConnectionString, services: services => services.AddSingleton<ILoggerProvider>(logs));

        Assert.Empty(logs.WithEventId(4000));
    }
}
