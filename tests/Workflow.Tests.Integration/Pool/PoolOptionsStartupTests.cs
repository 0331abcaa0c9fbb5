using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Pool;

/// <summary>A server process with invalid scaling, health and queue limit settings exits at start and names each one.</summary>
public sealed class PoolOptionsStartupTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task InvalidScalingAndHealthOptions_StopHost_ListingEveryValue()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Workflow:MinWorkers"] = "8",
            ["Workflow:MaxWorkers"] = "4",
            ["Workflow:QueueLimits:slow"] = "0",
            ["Workflow:Scaling:Interval"] = "00:00:00",
            ["Workflow:Scaling:ScaleDownUtilization"] = "0.9",
            ["Workflow:Scaling:ScaleUpFactor"] = "50",
            ["Workflow:Health:Window"] = "00:00:00.100",
            ["Workflow:Health:KindErrorRateThreshold"] = "1.5",
            ["Workflow:Health:AlertWebhookUrl"] = "not a url",
        };
        await using var node = NodeProcess.Start(database.ConnectionString, settings);

        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        var output = node.Output;
        Assert.True(exitCode != 0, $"The node started despite invalid settings. Output:{Environment.NewLine}{output}");
        string[] named =
        [
            "Workflow:MinWorkers is 8",
            "Workflow:QueueLimits:slow is 0",
            "Workflow:Scaling:Interval is 00:00:00",
            "Workflow:Scaling:ScaleDownUtilization is 0.9",
            "Workflow:Scaling:ScaleUpFactor is 50",
            "Workflow:Health:Window is 00:00:00.1",
            "Workflow:Health:KindErrorRateThreshold is 1.5",
            "Workflow:Health:AlertWebhookUrl is not an absolute http or https URL",
        ];
        foreach (var text in named)
        {
            Assert.True(
                output.Contains(text, StringComparison.Ordinal), $"The output does not name '{text}':{Environment.NewLine}{output}");
        }
    }
}
