namespace Workflow.Persistence.Dashboard;

/// <summary>
/// The filters of a dashboard item list. <see cref="Id"/> and <see cref="IdempotencyKey"/> are exact look-ups through
/// the primary key and the idempotency key index; the others narrow a walk of the (state, id) index.
/// </summary>
/// <param name="State">One state, or null for every state.</param>
/// <param name="RetriesOnly">Only items that already ran at least once (the dashboard's Retries page with state pending).</param>
/// <param name="Kind">Exact kind name.</param>
/// <param name="Queue">Exact queue name.</param>
/// <param name="Tag">One tag the item must carry.</param>
/// <param name="Id">Exact item id.</param>
/// <param name="IdempotencyKey">Exact idempotency key.</param>
/// <param name="Before">Keyset cursor: only items with a smaller id, from the previous page's <see cref="ItemListPage.NextBefore"/>.</param>
public sealed record ItemListFilter(
    string? State = null,
    bool RetriesOnly = false,
    string? Kind = null,
    string? Queue = null,
    string? Tag = null,
    long? Id = null,
    string? IdempotencyKey = null,
    long? Before = null)
{
    /// <summary>Whether a filter needs the row itself, so a page walks a bounded window of the index instead.</summary>
    public bool HasRowFilter => RetriesOnly || Kind is not null || Queue is not null || Tag is not null;

    /// <summary>Whether the list is an exact look-up of at most one item.</summary>
    public bool IsLookup => Id is not null || IdempotencyKey is not null;
}
