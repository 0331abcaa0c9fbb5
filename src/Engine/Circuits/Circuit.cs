using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Workflow.Engine.Logging;
using Workflow.Engine.Model;
using Workflow.Engine.Retry;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Circuits;

/// <summary>
/// One circuit breaker: a Polly v8 pipeline whose breaker decides which attempts may run, and the counters the API
/// shows. Polly lets exactly one execution through while the breaker is half-open and rejects the others, which is
/// what limits a half-open breaker to one trial attempt at a time on this node.
/// </summary>
internal sealed class Circuit : IDisposable
{
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Guid _nodeId;
    private readonly ResiliencePipelineRegistry<CircuitKey> _pipelines = new();
    private readonly Lock _lock = new();
    private long _failures;
    private long _successes;
    private long _deferred;
    private long _timesOpened;
    private DateTimeOffset? _openedAt;
    private DateTimeOffset? _breakEndsAt;
    private DateTimeOffset _lastActivityAt;
    private int _users;
    private bool _retired;

    public Circuit(CircuitKey key, CircuitBreakerOptions options, TimeProvider timeProvider, Guid nodeId, ILogger logger)
    {
        Key = key;
        Options = options;
        _timeProvider = timeProvider;
        _nodeId = nodeId;
        _logger = logger;
        _lastActivityAt = timeProvider.GetUtcNow();

        // A registry of its own, so the breaker's background task is disposed with the circuit when it is retired.
        Pipeline = _pipelines.GetOrAddPipeline<AttemptRecord>(key, builder =>
        {
            builder.TimeProvider = timeProvider;
            builder.AddCircuitBreaker(CreateStrategyOptions());
        });
    }

    public CircuitKey Key { get; }

    public CircuitBreakerOptions Options { get; }

    public ResiliencePipeline<AttemptRecord> Pipeline { get; }

    /// <summary>Returns true when the attempt counts as a failure of the destination: it failed with a retried category.</summary>
    public static bool IsFailure(AttemptRecord record)
        => record.Outcome is AttemptOutcome.Failed or AttemptOutcome.TimedOut
            && record.Error is { } error
            && ErrorClassifier.IsRetried(error.Category);

    /// <summary>Marks the circuit in use. Returns false once it was retired, and the caller must look it up again.</summary>
    public bool TryEnter()
    {
        lock (_lock)
        {
            if (_retired)
            {
                return false;
            }

            _users++;
            _lastActivityAt = _timeProvider.GetUtcNow();
            return true;
        }
    }

    public void Exit()
    {
        lock (_lock)
        {
            _users--;
            _lastActivityAt = _timeProvider.GetUtcNow();
        }
    }

    public void CountDeferred() => Interlocked.Increment(ref _deferred);

    /// <summary>
    /// Retires the circuit when it is closed, unused and idle since <paramref name="idleSince"/>. A retired circuit
    /// admits no attempt and can be disposed.
    /// </summary>
    public bool TryRetire(DateTimeOffset idleSince)
    {
        // Read before taking _lock: Polly calls OnBreak with its own lock held, and OnBreak takes _lock.
        var state = _state.CircuitState;
        lock (_lock)
        {
            if (_users > 0 || _lastActivityAt > idleSince || state != CircuitState.Closed)
            {
                return false;
            }

            _retired = true;
            return true;
        }
    }

    public CircuitSnapshot Snapshot()
    {
        var state = _state.CircuitState;
        lock (_lock)
        {
            var closed = state == CircuitState.Closed;
            return new CircuitSnapshot(
                Key.Kind,
                Key.Key,
                StateName(state),
                Interlocked.Read(ref _failures),
                Interlocked.Read(ref _successes),
                Interlocked.Read(ref _deferred),
                Interlocked.Read(ref _timesOpened),
                closed ? null : _openedAt,
                closed ? null : _breakEndsAt,
                _lastActivityAt);
        }
    }

    public string StateName() => StateName(_state.CircuitState);

    public void Dispose() => _pipelines.Dispose();

    private static string StateName(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half_open",
        _ => "isolated",
    };

    private CircuitBreakerStrategyOptions<AttemptRecord> CreateStrategyOptions() => new()
    {
        FailureRatio = Options.FailureRatio,
        MinimumThroughput = Options.MinimumThroughput,
        SamplingDuration = Options.SamplingDuration,
        BreakDuration = Options.BreakDuration,

        BreakDurationGenerator = args => ValueTask.FromResult(OnBreak(args.HalfOpenAttempts)),
        StateProvider = _state,
        ShouldHandle = args => ValueTask.FromResult(Count(args.Outcome)),
        OnOpened = args =>
        {
            CircuitLog.Opened(_logger, Key.Key, Key.Kind, _nodeId, args.BreakDuration.TotalMilliseconds, Interlocked.Read(ref _failures));
            return ValueTask.CompletedTask;
        },
        OnHalfOpened = _ =>
        {
            var now = _timeProvider.GetUtcNow();
            lock (_lock)
            {
                _breakEndsAt = now + Options.BreakDuration;
            }

            CircuitLog.HalfOpened(_logger, Key.Key, Key.Kind, _nodeId);
            return ValueTask.CompletedTask;
        },
        OnClosed = _ =>
        {
            CircuitLog.Closed(_logger, Key.Key, Key.Kind, _nodeId);
            return ValueTask.CompletedTask;
        },
    };

    /// <summary>
    /// Returns the length of the break that starts now and records when it ends. Polly's CircuitStateController calls
    /// this with its lock held, before the open state is visible, so a snapshot that reads the open state also reads
    /// these times. OnOpened runs later, on a background task after the lock is released.
    /// <paramref name="failedTrials"/> is Polly's HalfOpenAttempts: 0 when the breaker opens from closed, and one
    /// more with each failed trial in a row.
    /// </summary>
    private TimeSpan OnBreak(int failedTrials)
    {
        var duration = Options.BreakDurationAfter(failedTrials);
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            _openedAt = now;
            _breakEndsAt = now + duration;
        }

        Interlocked.Increment(ref _timesOpened);
        return duration;
    }

    /// <summary>
    /// Counts an attempt that ran and returns to Polly whether it failed. Polly v8 has no neutral outcome, so an attempt
    /// that ended without a verdict on the destination (shutdown, lost lease) counts as a success.
    /// </summary>
    private bool Count(Outcome<AttemptRecord> outcome)
    {
        var failed = outcome.Result is { } record && IsFailure(record);
        Interlocked.Increment(ref failed ? ref _failures : ref _successes);
        return failed;
    }
}
