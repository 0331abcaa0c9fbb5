namespace Workflow.Tests.Unit;

/// <summary>
/// A clock that moves only when a test calls <see cref="Advance"/>, for engine parts that read time through
/// <see cref="TimeProvider"/>. Timers are not supported, so use it only where the code under test reads the clock.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private long _ticks = TimeSpan.FromDays(1).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(Interlocked.Read(ref _ticks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
