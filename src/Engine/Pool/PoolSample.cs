namespace Workflow.Engine.Pool;

/// <summary>What <see cref="PoolMeter"/> measured over one window.</summary>
internal readonly record struct PoolSample(TimeSpan Elapsed, double BusySeconds, double WorkerSeconds, long Completions);
