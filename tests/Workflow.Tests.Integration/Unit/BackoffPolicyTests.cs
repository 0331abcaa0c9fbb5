using Workflow.Engine.Handlers;
using Workflow.Engine.Options;
using Workflow.Engine.Retry;
using Workflow.Engine.Storage;

namespace Workflow.Tests.Integration.Unit;

public sealed class BackoffPolicyTests
{
    private const string Kind = "test.kind";

    [Fact]
    public void BackoffFor_PrecedenceOrder()
    {
        var options = new WorkflowOptions { Backoff = Policy(1) };
        var registry = Registry(new WorkKindOptions { Backoff = Policy(2) });
        var policies = new KindPolicies(options, registry);

        Assert.Equal(TimeSpan.FromSeconds(2), policies.BackoffFor(Kind).BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(1), policies.BackoffFor("other.kind").BaseDelay);

        options.Kinds[Kind] = new KindSettings { Backoff = Policy(3) };
        Assert.Equal(TimeSpan.FromSeconds(3), policies.BackoffFor(Kind).BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(3), policies.BackoffFor(Item(backoffJson: null)).BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(4), policies.BackoffFor(Item(StoredBackoff.ToJson(Policy(4)))).BaseDelay);
    }

    [Fact]
    public void InvalidStoredBackoff_FallsBack()
    {
        var policies = new KindPolicies(new WorkflowOptions { Backoff = Policy(1) }, Registry(new WorkKindOptions()));

        Assert.Equal(TimeSpan.FromSeconds(1), policies.BackoffFor(Item("{\"baseDelay\": 5}")).BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(1), policies.BackoffFor(Item("{\"baseDelay\": 5, \"factor\": 50, \"cap\": 9, \"jitter\": 0}")).BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(1), policies.BackoffFor(Item("not json")).BaseDelay);
    }

    [Fact]
    public void StoredBackoff_RoundTrips()
    {
        var backoff = new BackoffOptions { BaseDelay = TimeSpan.FromMilliseconds(250), Factor = 3, Cap = TimeSpan.FromMinutes(2), Jitter = 0.1 };

        var parsed = StoredBackoff.Parse(StoredBackoff.ToJson(backoff))!;

        Assert.Equal(backoff.BaseDelay, parsed.BaseDelay);
        Assert.Equal(backoff.Factor, parsed.Factor);
        Assert.Equal(backoff.Cap, parsed.Cap);
        Assert.Equal(backoff.Jitter, parsed.Jitter);
    }

    [Theory]
    [InlineData(1, 0.0, 2_000)]
    [InlineData(2, 0.0, 4_000)]
    [InlineData(3, 0.0, 8_000)]
    [InlineData(30, 0.0, 60_000)]
    [InlineData(int.MaxValue, 0.0, 60_000)]
    [InlineData(int.MaxValue, 1.0, 30_000)]
    [InlineData(0, 0.0, 2_000)]
    [InlineData(int.MinValue, 0.0, 2_000)]
    public void Delay_GrowsAndStaysWithinCap(int failedAttempts, double randomShare, int expectedMs)
    {
        var backoff = new BackoffOptions { BaseDelay = TimeSpan.FromSeconds(2), Factor = 2, Cap = TimeSpan.FromMinutes(1), Jitter = 0.5 };

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Backoff.Delay(backoff, failedAttempts, randomShare));
    }

    [Fact]
    public void Delay_EveryAttemptNumber_IsWithinBounds()
    {
        var backoff = new BackoffOptions { BaseDelay = TimeSpan.FromDays(1), Factor = 10, Cap = TimeSpan.FromDays(30), Jitter = 1 };

        foreach (var failedAttempts in new[] { 1, 2, 10, 100, 1000, int.MaxValue / 2, int.MaxValue - 1, int.MaxValue })
        {
            foreach (var share in new[] { 0.0, 0.5, 0.999999 })
            {
                var delay = Backoff.Delay(backoff, failedAttempts, share);
                Assert.InRange(delay, TimeSpan.Zero, backoff.Cap);
            }
        }
    }

    [Fact]
    public void Validate_ReportsEveryInvalidValue()
    {
        var backoff = new BackoffOptions { BaseDelay = TimeSpan.FromSeconds(10), Cap = TimeSpan.FromSeconds(5), Factor = 0.5, Jitter = 2 };
        var failures = new List<string>();

        backoff.Validate("Workflow:Kinds:x:Backoff", failures);

        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Workflow:Kinds:x:Backoff:Cap is", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Workflow:Kinds:x:Backoff:Factor is", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Workflow:Kinds:x:Backoff:Jitter is", StringComparison.Ordinal));
    }

    [Fact]
    public void OptionsValidator_ChecksKindSettings()
    {
        var options = new WorkflowOptions { Queues = ["default"] };
        options.Kinds["bad kind!"] = new KindSettings();
        options.Kinds["http.request"] = new KindSettings
        {
            Backoff = new BackoffOptions { Jitter = -1 },
            CircuitBreaker = new Workflow.Engine.Circuits.CircuitBreakerOptions { FailureRatio = 0 },
        };

        var result = new WorkflowOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("'bad kind!'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Workflow:Kinds:http.request:Backoff:Jitter is", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Workflow:Kinds:http.request:CircuitBreaker:FailureRatio is", StringComparison.Ordinal));
    }

    private static BackoffOptions Policy(int baseSeconds)
        => new() { BaseDelay = TimeSpan.FromSeconds(baseSeconds), Cap = TimeSpan.FromHours(1) };

    private static HandlerRegistry Registry(WorkKindOptions kindOptions)
        => new([WorkHandlerRegistration.Create<UnitHandlers.PlainHandler, UnitHandlers.PlainPayload>(Kind, kindOptions)]);

    private static LeasedItem Item(string? backoffJson) => new(
        1, Kind, "default", "{}", 1, 0, 10, null, Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)
    {
        BackoffJson = backoffJson,
    };
}
