using Workflow.Engine.Options;

namespace Workflow.Tests.Unit.Options;

public sealed class WorkflowOptionsValidatorTests
{
    private readonly WorkflowOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(_validator.Validate(null, new WorkflowOptions()).Succeeded);
    }

    [Fact]
    public void Validate_SeveralInvalidValues_ReportsEveryOne()
    {
        var options = new WorkflowOptions
        {
            MaxWorkers = 0,
            HeartbeatInterval = TimeSpan.FromSeconds(2),
            LeaseDuration = TimeSpan.FromSeconds(3),
            Queues = ["default", "bad queue!"],
            Backoff = new BackoffOptions { Jitter = 2, Factor = 0.5 },
        };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Workflow:MaxWorkers is 0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Workflow:LeaseDuration is 00:00:03", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'bad queue!'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Workflow:Backoff:Jitter is 2", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Workflow:Backoff:Factor is 0.5", StringComparison.Ordinal));
        Assert.Equal(5, failures.Count);
    }

    [Fact]
    public void Validate_InvalidSchedulingValues_ReportsEveryOne()
    {
        var options = new WorkflowOptions
        {
            Scheduler = new SchedulerOptions { ClusterThreadCount = 5, NodeThreadCount = 0, MisfireThreshold = TimeSpan.Zero },
            Retention = new RetentionOptions { BatchSize = 0, MaxAge = TimeSpan.FromSeconds(30), StatisticsMaxAge = TimeSpan.FromHours(1) },
            Statistics = new StatisticsOptions { Lookback = TimeSpan.FromDays(8) },
        };

        var failures = _validator.Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Workflow:Scheduler:ClusterThreadCount is 5", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Workflow:Scheduler:NodeThreadCount is 0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Workflow:Scheduler:MisfireThreshold is 00:00:00", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Workflow:Retention:BatchSize is 0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Workflow:Retention:MaxAge is 00:00:30", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Workflow:Retention:StatisticsMaxAge is 01:00:00", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Workflow:Statistics:Lookback is 8.00:00:00", StringComparison.Ordinal));
        Assert.Equal(7, failures.Count);
    }

    [Fact]
    public void Validate_LeaseExactlyTwiceHeartbeat_Succeeds()
    {
        var options = new WorkflowOptions
        {
            HeartbeatInterval = TimeSpan.FromSeconds(2),
            LeaseDuration = TimeSpan.FromSeconds(4),
            NodeStaleAfter = TimeSpan.FromSeconds(4),
        };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_EmptyQueues_Succeeds()
    {
        var result = _validator.Validate(null, new WorkflowOptions { Queues = [] });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_InvalidQueueName_Fails()
    {
        var result = _validator.Validate(null, new WorkflowOptions { Queues = ["bad queue"] });

        Assert.Contains(result.Failures!, f => f.StartsWith("Workflow:Queues contains 'bad queue'", StringComparison.Ordinal));
    }
}
