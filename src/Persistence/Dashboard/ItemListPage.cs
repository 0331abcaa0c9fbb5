namespace Workflow.Persistence.Dashboard;

/// <summary>One page of a dashboard item list, newest first.</summary>
/// <param name="Items">The items of the page.</param>
/// <param name="NextBefore">The cursor of the next page, or null on the last page.</param>
/// <param name="WindowExhausted">
/// True when a filtered page walked its whole scan window (<see cref="ItemListQuery.ScanWindow"/> rows) before it
/// was full, so the next page goes on below the last row walked instead of the last row shown.
/// </param>
public sealed record ItemListPage(IReadOnlyList<ItemSummary> Items, long? NextBefore, bool WindowExhausted);
