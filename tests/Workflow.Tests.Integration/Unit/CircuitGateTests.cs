using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Engine.Circuits;
using Workflow.Engine.Handlers;
using Workflow.Engine.Model;
using Workflow.Engine.Options;
using Workflow.Engine.Pool;
using Workflow.Engine.Storage;

namespace Workflow.Tests.Integration.Unit;

/// <summary>The circuit gate with a manual clock: which attempts run, and what the items put back look like.</summary>
public sealed class CircuitGateTests : IDisposable
{
    private const string Kind = "test.keyed";
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(10);

    private readonly ManualClock _clock = new();
    private readonly WorkflowOptions _options = new();
    private readonly CircuitRegistry _circuits;
    private readonly CircuitGate _gate;
    private int _runs;
    private long _nextId;

    public CircuitGateTests()
    {
        _options.CircuitBreaker = new CircuitBreakerOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 2,
            SamplingDuration = TimeSpan.FromMinutes(1),
            BreakDuration = BreakDuration,
            BreakDurationFactor = 2,
            MaxBreakDuration = TimeSpan.FromSeconds(30),
        };
        var node = new NodeIdentity();
        var registry = new HandlerRegistry(
            [WorkHandlerRegistration.Create<UnitHandlers.KeyedHandler, UnitHandlers.KeyedPayload>(Kind, new WorkKindOptions())]);
        _circuits = new CircuitRegistry(node, _clock, NullLoggerFactory.Instance);
        _gate = new CircuitGate(_circuits, registry, new KindPolicies(_options, registry), node, _clock, NullLogger<CircuitGate>.Instance,
            UnitMetrics.Create(_options, registry));
    }

    public void Dispose() => _circuits.Dispose();

    [Fact]
    public async Task RetriedFailures_OpenAndDefer()
    {
        await RunAsync(Failed(ErrorCategory.Transient));
        await RunAsync(Failed(ErrorCategory.Timeout));

        var item = Attempt();
        var deferred = await _gate.RunAsync(item, RunCounted(Succeeded()));

        Assert.Equal(2, _runs);
        Assert.False(deferred.Started);
        Assert.False(deferred.CountsAsFailure);
        Assert.Equal(WorkItemState.Pending, deferred.NextState);
        Assert.Equal(_clock.GetUtcNow() + BreakDuration, deferred.NextRunAt);
        Assert.Equal(item.Item.Attempt, deferred.Attempt);
        Assert.Null(deferred.Error);
        var circuit = Assert.Single(_circuits.Snapshot());
        Assert.Equal("open", circuit.State);
        Assert.Equal(2, circuit.Failures);
        Assert.Equal(1, circuit.Deferred);
        Assert.Equal(_clock.GetUtcNow() + BreakDuration, circuit.BreakEndsAt);
    }

    [Fact]
    public async Task PermanentFailures_DoNotOpenBreaker()
    {
        for (var i = 0; i < 5; i++)
        {
            await RunAsync(Failed(ErrorCategory.Permanent));
            await RunAsync(Failed(ErrorCategory.Validation));
        }

        var record = await RunAsync(Succeeded());

        Assert.True(record.Started);
        Assert.Equal(11, _runs);
        var circuit = Assert.Single(_circuits.Snapshot());
        Assert.Equal("closed", circuit.State);
        Assert.Equal(0, circuit.Failures);
        Assert.Equal(11, circuit.Successes);
    }

    [Fact]
    public async Task HalfOpen_RunsOneTrial()
    {
        await OpenAsync();
        _clock.Advance(BreakDuration);

        var trialStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var trialResult = new TaskCompletionSource<AttemptRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        var trial = _gate.RunAsync(Attempt(), _ =>
        {
            Interlocked.Increment(ref _runs);
            trialStarted.TrySetResult();
            return trialResult.Task;
        });
        await trialStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var runsWithTrial = _runs;

        var others = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _gate.RunAsync(Attempt(), RunCounted(Succeeded()))));
        var halfOpen = Assert.Single(_circuits.Snapshot());

        Assert.Equal(runsWithTrial, _runs);
        Assert.All(others, r => Assert.False(r.Started));
        Assert.All(others, r => Assert.Equal(_clock.GetUtcNow() + BreakDuration, r.NextRunAt));
        Assert.Equal("half_open", halfOpen.State);
        Assert.Equal(3, halfOpen.Deferred);

        trialResult.SetResult(Succeeded());
        var trialRecord = await trial;
        var afterTrial = await RunAsync(Succeeded());

        Assert.True(trialRecord.Started);
        Assert.True(afterTrial.Started);
        var closed = Assert.Single(_circuits.Snapshot());
        Assert.Equal("closed", closed.State);
        Assert.Null(closed.OpenedAt);
        Assert.Null(closed.BreakEndsAt);
    }

    [Fact]
    public async Task FailedTrial_ReopensForLongerBreak()
    {
        await OpenAsync();
        _clock.Advance(BreakDuration);

        await RunAsync(Failed(ErrorCategory.Transient));
        var deferred = await _gate.RunAsync(Attempt(), RunCounted(Succeeded()));

        Assert.Equal(_clock.GetUtcNow() + (BreakDuration * 2), deferred.NextRunAt);
        var circuit = Assert.Single(_circuits.Snapshot());
        Assert.Equal("open", circuit.State);
        Assert.Equal(2, circuit.TimesOpened);
    }

    [Fact]
    public async Task Keys_HaveSeparateBreakers()
    {
        await OpenAsync("https://down.example:443");

        var otherKey = await _gate.RunAsync(Attempt("https://up.example:443"), RunCounted(Succeeded()));
        var sameKey = await _gate.RunAsync(Attempt("https://down.example:443"), RunCounted(Succeeded()));
        var kindKey = await _gate.RunAsync(Attempt(null), RunCounted(Succeeded()));

        Assert.True(otherKey.Started);
        Assert.False(sameKey.Started);
        Assert.True(kindKey.Started);
        Assert.Equal(
            [("https://down.example:443", "open"), ("https://up.example:443", "closed"), (Kind, "closed")],
            _circuits.Snapshot().Select(c => (c.Key, c.State)).OrderBy(c => c.Key == Kind).ThenBy(c => c.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task DisabledBreaker_RunsEveryAttempt()
    {
        _options.Kinds[Kind] = new KindSettings { CircuitBreaker = new CircuitBreakerOptions { Enabled = false } };

        for (var i = 0; i < 10; i++)
        {
            await RunAsync(Failed(ErrorCategory.Transient));
        }

        Assert.Equal(10, _runs);
        Assert.Empty(_circuits.Snapshot());
    }

    private async Task OpenAsync(string? key = "https://down.example:443")
    {
        await _gate.RunAsync(Attempt(key), RunCounted(Failed(ErrorCategory.Transient)));
        await _gate.RunAsync(Attempt(key), RunCounted(Failed(ErrorCategory.Transient)));
        Assert.Equal("open", _circuits.Snapshot().Single(c => c.Key == (key ?? Kind)).State);
    }

    private Task<AttemptRecord> RunAsync(AttemptRecord result, string? key = "https://down.example:443")
        => _gate.RunAsync(Attempt(key), RunCounted(result));

    private Func<InFlightAttempt, Task<AttemptRecord>> RunCounted(AttemptRecord result) => _ =>
    {
        Interlocked.Increment(ref _runs);
        return Task.FromResult(result);
    };

    private InFlightAttempt Attempt(string? key = "https://down.example:443")
    {
        var payload = key is null ? "{}" : $"{{\"destination\":\"{key}\"}}";
        var id = Interlocked.Increment(ref _nextId);
        return new InFlightAttempt(new LeasedItem(id, Kind, "default", payload, 3, 2, 10, null, Guid.NewGuid(), _clock.GetUtcNow(), _clock.GetUtcNow()));
    }

    private AttemptRecord Failed(ErrorCategory category) => new(
        0, Guid.Empty, 1, AttemptOutcome.Failed, WorkItemState.Pending, null, true, null,
        new AttemptError(category, "Test", "planned failure", null), _clock.GetUtcNow(), _clock.GetUtcNow());

    private AttemptRecord Succeeded() => new(
        0, Guid.Empty, 1, AttemptOutcome.Succeeded, WorkItemState.Succeeded, null, false, null, null, _clock.GetUtcNow(), _clock.GetUtcNow());
}
