using Workflow.Engine.Options;
using Workflow.Engine.Retry;

namespace Workflow.Tests.Unit.Retry;

public sealed class BackoffTests
{
    private static readonly BackoffOptions Defaults = new();

    public static TheoryData<int, double> FailedAttemptsAndShares()
    {
        var data = new TheoryData<int, double>();
        foreach (var failedAttempts in new[] { 1, 2, 10, 100, 10_000, int.MaxValue })
        {
            data.Add(failedAttempts, 0.0);
            data.Add(failedAttempts, 0.999);
        }

        return data;
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(10, 1024)]
    [InlineData(12, 3600)]
    [InlineData(100, 3600)]
    [InlineData(10_000, 3600)]
    [InlineData(int.MaxValue, 3600)]
    public void Delay_WithoutJitterShare_IsExact(int failedAttempts, double seconds)
    {
        var delay = Backoff.Delay(Defaults, failedAttempts, randomShare: 0.0);

        Assert.Equal(TimeSpan.FromSeconds(seconds), delay);
    }

    [Theory]
    [MemberData(nameof(FailedAttemptsAndShares))]
    public void Delay_AnyAttempt_StaysWithinZeroAndCap(int failedAttempts, double randomShare)
    {
        foreach (var jitter in new[] { 0.0, 0.25, 1.0 })
        {
            var options = new BackoffOptions { Jitter = jitter };

            var delay = Backoff.Delay(options, failedAttempts, randomShare);

            Assert.True(delay >= TimeSpan.Zero, $"Jitter {jitter}: {delay} is negative.");
            Assert.True(delay <= options.Cap, $"Jitter {jitter}: {delay} is above the cap {options.Cap}.");
        }
    }

    [Theory]
    [MemberData(nameof(FailedAttemptsAndShares))]
    public void Delay_WithJitter_RemovesAtMostJitterShare(int failedAttempts, double randomShare)
    {
        var withoutJitter = Backoff.Delay(Defaults, failedAttempts, randomShare: 0.0);

        var delay = Backoff.Delay(Defaults, failedAttempts, randomShare);

        Assert.InRange(delay, withoutJitter * (1 - Defaults.Jitter), withoutJitter);
    }

    [Fact]
    public void Delay_FullJitter_KeepsOneThousandth()
    {
        var options = new BackoffOptions { Jitter = 1.0 };

        var delay = Backoff.Delay(options, failedAttempts: 1, randomShare: 0.999);

        Assert.Equal(TimeSpan.FromMilliseconds(2), delay);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Delay_BelowFirstFailure_IsBaseDelay(int failedAttempts)
    {
        Assert.Equal(Defaults.BaseDelay, Backoff.Delay(Defaults, failedAttempts, randomShare: 0.0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(400)]
    [InlineData(int.MaxValue)]
    public void Delay_ZeroBaseDelay_StaysZero(int failedAttempts)
    {
        // 10^400 overflows a double, and zero times infinity is NaN, which must not turn into the cap.
        var options = new BackoffOptions { BaseDelay = TimeSpan.Zero, Factor = 10 };

        Assert.Equal(TimeSpan.Zero, Backoff.Delay(options, failedAttempts, randomShare: 0.0));
    }
}
