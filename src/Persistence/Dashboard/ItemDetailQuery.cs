using Microsoft.EntityFrameworkCore;

namespace Workflow.Persistence.Dashboard;

/// <summary>
/// Reads one item and its latest attempts for the dashboard's detail page, without change tracking. An item may
/// have up to 1000 attempts with stack traces of up to 32 KiB each, so the page gets the latest
/// <see cref="MaxAttempts"/> only.
/// </summary>
public sealed class ItemDetailQuery(WorkflowDbContext db)
{
    /// <summary>Most attempts the detail page shows.</summary>
    public const int MaxAttempts = 100;

    /// <summary>Returns the item with its latest attempts, or null when no item has that id.</summary>
    public async Task<ItemDetail?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var item = await db.WorkItems.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, cancellationToken).ConfigureAwait(false);
        if (item is null)
        {
            return null;
        }

        var attempts = await db.Attempts.AsNoTracking()
            .Where(a => a.WorkItemId == id)
            .OrderByDescending(a => a.Number)
            .ThenByDescending(a => a.Id)
            .Take(MaxAttempts)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var count = attempts.Count < MaxAttempts
            ? attempts.Count
            : await db.Attempts.CountAsync(a => a.WorkItemId == id, cancellationToken).ConfigureAwait(false);
        return new ItemDetail(item, attempts, count);
    }
}
