using Workflow.Engine.Health;
using Workflow.Engine.Options;
using Workflow.Engine.Scaling;

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

    [Fact]
    public void Validate_InvalidScalingHealthAndQueueLimits_ReportsEveryOne()
    {
        var options = new WorkflowOptions
        {
            QueueLimits = new Dictionary<string, int> { ["slow"] = 0, ["bad queue"] = 2 },
            Scaling = new ScalingOptions
            {
                Interval = TimeSpan.Zero,
                TargetDrainTime = TimeSpan.FromHours(2),
                ScaleUpUtilization = 0.5,
                ScaleDownUtilization = 0.6,
                ScaleUpFactor = 0.5,
                Cooldown = TimeSpan.FromSeconds(-1),
                BacklogCountLimit = 0,
            },
            Health = new HealthOptions
            {
                Window = TimeSpan.Zero,
                MinAttempts = 0,
                KindErrorRateThreshold = 0,
                KindErrorRateThresholds = new Dictionary<string, double> { ["http.request"] = 1.5 },
                WorkerErrorRateThreshold = -0.1,
                StuckAttemptThreshold = -1,
                AlertWebhookUrl = "ftp://alerts.example.com/?token=secret",
            },
        };

        var failures = _validator.Validate(null, options).Failures!.ToList();

        string[] expected =
        [
            "Workflow:QueueLimits:slow is 0",
            "Workflow:QueueLimits contains 'bad queue'",
            "Workflow:Scaling:Interval is 00:00:00",
            "Workflow:Scaling:TargetDrainTime is 02:00:00",
            "Workflow:Scaling:ScaleDownUtilization is 0.6",
            "Workflow:Scaling:ScaleUpFactor is 0.5",
            "Workflow:Scaling:Cooldown is -00:00:01",
            "Workflow:Scaling:BacklogCountLimit is 0",
            "Workflow:Health:Window is 00:00:00",
            "Workflow:Health:MinAttempts is 0",
            "Workflow:Health:KindErrorRateThreshold is 0",
            "Workflow:Health:KindErrorRateThresholds:http.request is 1.5",
            "Workflow:Health:WorkerErrorRateThreshold is -0.1",
            "Workflow:Health:StuckAttemptThreshold is -1",
            "Workflow:Health:AlertWebhookUrl is not an absolute http or https URL",
        ];
        foreach (var start in expected)
        {
            Assert.Contains(failures, f => f.StartsWith(start, StringComparison.Ordinal));
        }

        Assert.Equal(expected.Length, failures.Count);
        Assert.DoesNotContain(failures, f => f.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MinWorkersAboveMax_Fails()
    {
        var result = _validator.Validate(null, new WorkflowOptions { MinWorkers = 8, MaxWorkers = 4 });

        Assert.Contains(result.Failures!, f => f.StartsWith("Workflow:MinWorkers is 8", StringComparison.Ordinal));
    }
}
