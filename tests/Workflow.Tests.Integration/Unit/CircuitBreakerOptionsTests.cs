using Workflow.Engine.Circuits;

namespace Workflow.Tests.Integration.Unit;

public sealed class CircuitBreakerOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        var failures = new List<string>();

        new CircuitBreakerOptions().Validate("Workflow:CircuitBreaker", failures);

        Assert.Empty(failures);
    }

    [Fact]
    public void Validate_ReportsEveryInvalidValue()
    {
        var options = new CircuitBreakerOptions
        {
            FailureRatio = 1.5,
            MinimumThroughput = 1,
            SamplingDuration = TimeSpan.FromMilliseconds(100),
            BreakDuration = TimeSpan.FromSeconds(10),
            BreakDurationFactor = 0.5,
            MaxBreakDuration = TimeSpan.FromSeconds(5),
        };
        var failures = new List<string>();

        options.Validate("Workflow:CircuitBreaker", failures);

        Assert.Equal(5, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Workflow:CircuitBreaker:FailureRatio is 1.5", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Workflow:CircuitBreaker:MinimumThroughput is 1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Workflow:CircuitBreaker:SamplingDuration is", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Workflow:CircuitBreaker:BreakDurationFactor is", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Workflow:CircuitBreaker:MaxBreakDuration is", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 30)]
    [InlineData(2, 90)]
    [InlineData(3, 120)]
    [InlineData(int.MaxValue, 120)]
    public void BreakDurationAfter_GrowsPerFailedTrialUpToMax(int failedTrials, int expectedSeconds)
    {
        var options = new CircuitBreakerOptions
        {
            BreakDuration = TimeSpan.FromSeconds(10),
            BreakDurationFactor = 3,
            MaxBreakDuration = TimeSpan.FromMinutes(2),
        };

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), options.BreakDurationAfter(failedTrials));
    }
}
