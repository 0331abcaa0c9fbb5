using Workflow.Engine.Health;

namespace Workflow.Tests.Unit.Health;

public sealed class ErrorWindowTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    [Fact]
    public void Totals_WithinWindow_CountsEveryAttempt()
    {
        var window = new ErrorWindow(Window);
        var start = TimeSpan.FromHours(1).Ticks;

        window.Add(start, failed: true, unhandled: true);
        window.Add(start + TimeSpan.FromSeconds(20).Ticks, failed: true, unhandled: false);
        window.Add(start + TimeSpan.FromSeconds(40).Ticks, failed: false, unhandled: false);

        var totals = window.Totals(start + TimeSpan.FromSeconds(50).Ticks);
        Assert.Equal(new ErrorCounts(3, 2, 1), totals);
        Assert.Equal(2.0 / 3, totals.ErrorRate, 6);
    }

    [Fact]
    public void Totals_AfterWindow_DropsOldAttempts()
    {
        var window = new ErrorWindow(Window);
        var start = TimeSpan.FromHours(1).Ticks;
        window.Add(start, failed: true, unhandled: false);
        window.Add(start + TimeSpan.FromSeconds(45).Ticks, failed: false, unhandled: false);

        var totals = window.Totals(start + TimeSpan.FromSeconds(70).Ticks);

        Assert.Equal(new ErrorCounts(1, 0, 0), totals);
    }

    [Fact]
    public void Totals_LongIdle_IsEmpty()
    {
        var window = new ErrorWindow(Window);
        var start = TimeSpan.FromHours(1).Ticks;
        window.Add(start, failed: true, unhandled: false);

        Assert.Equal(new ErrorCounts(0, 0, 0), window.Totals(start + TimeSpan.FromHours(3).Ticks));
    }
}
