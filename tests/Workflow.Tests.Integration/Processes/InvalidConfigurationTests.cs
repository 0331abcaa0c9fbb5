using Workflow.Api;
using Workflow.Tests.Integration.Infrastructure;
using Xunit.Abstractions;

namespace Workflow.Tests.Integration.Processes;

/// <summary>
/// A server process started with invalid options exits with <see cref="WorkflowServer.InvalidConfigurationExitCode"/>
/// and names every invalid value at once: range failures and unconvertible values, across options classes.
/// </summary>
public sealed class InvalidConfigurationTests(DatabaseFixture database, ITestOutputHelper output) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task InvalidOptions_ListsEveryValue()
    {
        var invalid = new Dictionary<string, string?>
        {
            ["Workflow:MaxWorkers"] = "0",
            ["Workflow:Prefetch"] = "-1",
            ["Workflow:LeaseDuration"] = "soon",
            ["Workflow:Backoff:Jitter"] = "2",
            ["Workflow:Api:MaxBatchSize"] = "0",
            ["Workflow:Api:MaxPayloadBytes"] = "lots",
            ["Workflow:Api:RateLimit:TokenLimit"] = "0",
            ["Workflow:Dashboard:Auth:LoginAttemptsPerMinute"] = "often",
        };

        await using var node = NodeProcess.Start(database.ConnectionString, invalid);
        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine(node.Output);

        Assert.Equal(WorkflowServer.InvalidConfigurationExitCode, exitCode);
        Assert.Contains("configuration has 8 invalid values", node.Output, StringComparison.Ordinal);
        Assert.Contains("Workflow:MaxWorkers is 0", node.Output, StringComparison.Ordinal);
        Assert.Contains("Workflow:Prefetch is -1", node.Output, StringComparison.Ordinal);
        Assert.Contains("Workflow:LeaseDuration is \"soon\", which is not a valid duration", node.Output, StringComparison.Ordinal);
        Assert.Contains("Workflow:Backoff:Jitter", node.Output, StringComparison.Ordinal);
        Assert.Contains("Workflow:Api:MaxBatchSize is 0", node.Output, StringComparison.Ordinal);
        Assert.Contains("Workflow:Api:MaxPayloadBytes is \"lots\", which is not a valid whole number", node.Output, StringComparison.Ordinal);
        Assert.Contains("Workflow:Api:RateLimit:TokenLimit is 0", node.Output, StringComparison.Ordinal);
        Assert.Contains("Workflow:Dashboard:Auth:LoginAttemptsPerMinute is \"often\"", node.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", node.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoConnectionString_ExitsWithMessage()
    {
        await using var node = NodeProcess.Start("", new Dictionary<string, string?>());
        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(WorkflowServer.InvalidConfigurationExitCode, exitCode);
        Assert.Contains("No connection string is configured. Set ConnectionStrings__Workflow", node.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", node.Output, StringComparison.Ordinal);
    }
}
