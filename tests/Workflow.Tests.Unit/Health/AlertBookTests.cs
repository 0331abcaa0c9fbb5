using Workflow.Engine.Health;

namespace Workflow.Tests.Unit.Health;

public sealed class AlertBookTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static HealthFinding KindFinding(string kind)
        => new(AlertTypes.KindErrorRate, kind, $"Kind {kind} fails.", 0.9, 0.5);

    [Fact]
    public void Update_SameFindingTwice_RaisesOnce()
    {
        var book = new AlertBook();

        var first = book.Update([KindFinding("a")], Start);
        var second = book.Update([KindFinding("a")], Start.AddSeconds(5));

        Assert.Single(first.Raised);
        Assert.Empty(second.Raised);
        Assert.Empty(second.Resolved);
        Assert.Equal(HealthSnapshot.Degraded, book.Snapshot().Status);
    }

    [Fact]
    public void Update_FindingGone_ResolvesAlert()
    {
        var book = new AlertBook();
        var raised = Assert.Single(book.Update([KindFinding("a")], Start).Raised);

        var resolved = Assert.Single(book.Update([], Start.AddSeconds(10)).Resolved);

        Assert.Equal(raised.Id, resolved.Id);
        Assert.Equal(Start.AddSeconds(10), resolved.ResolvedAt);
        var snapshot = book.Snapshot();
        Assert.Equal(HealthSnapshot.Healthy, snapshot.Status);
        Assert.Empty(snapshot.Alerts);
        Assert.Equal(raised.Id, Assert.Single(snapshot.RecentAlerts).Id);
    }

    [Fact]
    public void Update_ConditionReturns_RaisesNewAlert()
    {
        var book = new AlertBook();
        var first = Assert.Single(book.Update([KindFinding("a")], Start).Raised);
        book.Update([], Start.AddSeconds(1));

        var second = Assert.Single(book.Update([KindFinding("a")], Start.AddSeconds(2)).Raised);

        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public void Snapshot_ManyResolved_KeepsNewestOnly()
    {
        var book = new AlertBook();
        for (var i = 0; i < AlertBook.MaxRecentAlerts + 5; i++)
        {
            book.Update([KindFinding($"k{i}")], Start.AddSeconds(2 * i));
            book.Update([], Start.AddSeconds((2 * i) + 1));
        }

        var recent = book.Snapshot().RecentAlerts;

        Assert.Equal(AlertBook.MaxRecentAlerts, recent.Count);
        Assert.Equal($"k{AlertBook.MaxRecentAlerts + 4}", recent[0].Subject);
    }
}
