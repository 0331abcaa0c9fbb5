namespace Workflow.Engine.Health;

/// <summary>
/// The node's active alerts and its recently resolved ones. A finding whose alert is already active changes
/// nothing, so each crossing raises one alert, and an active alert that a check no longer finds resolves.
/// </summary>
internal sealed class AlertBook
{
    /// <summary>Resolved alerts kept in the node snapshot, the newest ones.</summary>
    public const int MaxRecentAlerts = 20;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, PoolAlert> _active = new(StringComparer.Ordinal);
    private readonly LinkedList<PoolAlert> _recent = new();

    /// <summary>Applies one check's findings and returns the alerts it raised and those it resolved.</summary>
    public (IReadOnlyList<PoolAlert> Raised, IReadOnlyList<PoolAlert> Resolved) Update(
        IReadOnlyList<HealthFinding> findings, DateTimeOffset now)
    {
        var raised = new List<PoolAlert>();
        var resolved = new List<PoolAlert>();
        lock (_lock)
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (var finding in findings)
            {
                found.Add(finding.Key);
                if (!_active.ContainsKey(finding.Key))
                {
                    var alert = new PoolAlert(
                        Guid.CreateVersion7(now), finding.Type, finding.Subject, finding.Message, finding.Value, finding.Threshold, now);
                    _active[finding.Key] = alert;
                    raised.Add(alert);
                }
            }

            foreach (var key in _active.Keys.Where(k => !found.Contains(k)).ToList())
            {
                var alert = _active[key] with { ResolvedAt = now };
                _active.Remove(key);
                resolved.Add(alert);
                _recent.AddFirst(alert);
                if (_recent.Count > MaxRecentAlerts)
                {
                    _recent.RemoveLast();
                }
            }
        }

        return (raised, resolved);
    }

    public HealthSnapshot Snapshot()
    {
        lock (_lock)
        {
            var active = _active.Values.OrderBy(a => a.RaisedAt).ThenBy(a => a.Id).ToList();
            return new HealthSnapshot(active.Count == 0 ? HealthSnapshot.Healthy : HealthSnapshot.Degraded, active, [.. _recent]);
        }
    }
}
