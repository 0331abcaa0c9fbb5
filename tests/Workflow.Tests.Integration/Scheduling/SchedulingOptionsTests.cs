using Microsoft.Extensions.Options;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Scheduling;

/// <summary>Invalid scheduler, retention and statistics settings stop the server at start, each one named.</summary>
public sealed class SchedulingOptionsTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task InvalidSettings_FailStartNamingEveryValue()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Workflow:Scheduler:ClusterThreadCount"] = "0",
            ["Workflow:Scheduler:ClusterCheckinInterval"] = "00:00:00.010",
            ["Workflow:Scheduler:ClusterCheckinMisfireThreshold"] = "01:00:00",
            ["Workflow:Scheduler:MisfireThreshold"] = "00:00:00",
            ["Workflow:Retention:MaxAge"] = "00:00:01",
            ["Workflow:Retention:BatchSize"] = "0",
            ["Workflow:Retention:Interval"] = "2.00:00:00",
            ["Workflow:Statistics:Interval"] = "00:00:00",
            ["Workflow:Statistics:Lookback"] = "30.00:00:00",
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => WorkflowTestServer.StartAsync(database.ConnectionString, settings));

        var failures = error.Failures.ToList();
        foreach (var name in settings.Keys)
        {
            Assert.Contains(failures, f => f.StartsWith($"{name} is ", StringComparison.Ordinal));
        }

        Assert.Equal(settings.Count, failures.Count);
    }
}
