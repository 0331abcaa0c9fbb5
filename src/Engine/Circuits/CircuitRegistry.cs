using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Logging;
using Workflow.Engine.Pool;

namespace Workflow.Engine.Circuits;

/// <summary>
/// The circuit breakers of this node, created on first use and shared by all its workers. Breakers are per node:
/// nodes do not share their state, so each node opens its own breaker for a failing destination.
/// </summary>
public sealed class CircuitRegistry(NodeIdentity node, TimeProvider timeProvider, ILoggerFactory loggerFactory) : IDisposable
{
    /// <summary>
    /// Maximum number of circuits on one node. Past it, items whose key has no circuit yet run behind their kind's circuit,
    /// so a payload with ever new keys cannot grow memory without bound.
    /// </summary>
    public const int MaxCircuits = 1000;

    /// <summary>Maximum number of circuits stored in the node's pool snapshot, where open and half-open ones come first.</summary>
    public const int MaxCircuitsInNodeSnapshot = 100;

    /// <summary>A closed circuit unused for this long, and for at least its sampling duration, is removed.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<CircuitKey, Lazy<Circuit>> _circuits = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger("Workflow.Engine.Circuits");
    private int _limitLogged;

    public int Count => _circuits.Count;

    /// <summary>
    /// Returns the circuit of <paramref name="key"/> marked in use (call <see cref="Circuit.Exit"/> when done), creating
    /// it with <paramref name="options"/> if needed.
    /// </summary>
    internal Circuit Enter(CircuitKey key, CircuitBreakerOptions options)
    {
        if (key.Key != key.Kind && !_circuits.ContainsKey(key) && _circuits.Count >= MaxCircuits)
        {
            if (Interlocked.Exchange(ref _limitLogged, 1) == 0)
            {
                CircuitLog.LimitReached(_logger, node.NodeId, _circuits.Count, key.Kind);
            }

            key = key with { Key = key.Kind };
        }

        // A circuit retired between the lookup and TryEnter leaves the dictionary right after it is retired, so
        // the loop repeats only until RemoveIdle has removed it, and then creates a fresh circuit.
        while (true)
        {
            var circuit = _circuits.GetOrAdd(key, k => new Lazy<Circuit>(
                () => new Circuit(k, options, timeProvider, node.NodeId, _logger))).Value;
            if (circuit.TryEnter())
            {
                return circuit;
            }
        }
    }

    /// <summary>Removes and disposes closed circuits that no attempt used for a while, and returns how many.</summary>
    internal int RemoveIdle()
    {
        var now = timeProvider.GetUtcNow();
        var removed = 0;
        foreach (var (key, lazy) in _circuits)
        {
            if (!lazy.IsValueCreated)
            {
                continue;
            }

            var circuit = lazy.Value;
            var idleFor = IdleTimeout > circuit.Options.SamplingDuration ? IdleTimeout : circuit.Options.SamplingDuration;
            if (circuit.TryRetire(now - idleFor) && _circuits.TryRemove(new KeyValuePair<CircuitKey, Lazy<Circuit>>(key, lazy)))
            {
                circuit.Dispose();
                removed++;
            }
        }

        if (removed > 0)
        {
            Interlocked.Exchange(ref _limitLogged, 0);
        }

        return removed;
    }

    /// <summary>Returns every circuit of this node, ordered by kind and key.</summary>
    public IReadOnlyList<CircuitSnapshot> Snapshot()
        => [.. Created().Select(c => c.Snapshot()).OrderBy(s => s.Kind, StringComparer.Ordinal).ThenBy(s => s.Key, StringComparer.Ordinal)];

    /// <summary>Returns the circuits for the node row: at most <see cref="MaxCircuitsInNodeSnapshot"/>, those not closed first.</summary>
    public IReadOnlyList<CircuitSnapshot> SnapshotForNode()
        => [.. Snapshot().OrderBy(s => s.State == "closed").ThenByDescending(s => s.LastActivityAt).Take(MaxCircuitsInNodeSnapshot)];

    public void Dispose()
    {
        foreach (var lazy in _circuits.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Dispose();
            }
        }

        _circuits.Clear();
    }

    private IEnumerable<Circuit> Created() => _circuits.Values.Where(l => l.IsValueCreated).Select(l => l.Value);
}
