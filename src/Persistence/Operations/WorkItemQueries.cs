using Microsoft.EntityFrameworkCore;
using Workflow.Persistence.Entities;

namespace Workflow.Persistence.Operations;

/// <summary>Read-only queries for the API and dashboard, without change tracking.</summary>
public sealed class WorkItemQueries(WorkflowDbContext db)
{
    public Task<WorkItemEntity?> GetAsync(long id, CancellationToken cancellationToken)
        => db.WorkItems
            .AsNoTracking()
            .Include(w => w.Attempts.OrderBy(a => a.Number).ThenBy(a => a.Id))
            .SingleOrDefaultAsync(w => w.Id == id, cancellationToken);

    public Task<List<WorkItemEntity>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
        => db.WorkItems.AsNoTracking().Where(w => ids.Contains(w.Id)).ToListAsync(cancellationToken);

    /// <summary>
    /// Lists items newest first, after the id cursor <paramref name="beforeId"/> when given; each filter uses
    /// an index on (filter column, id), so a page costs the same however deep it is.
    /// </summary>
    public Task<List<WorkItemEntity>> ListAsync(
        string? state, string? kind, string? queue, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        var query = db.WorkItems.AsNoTracking();
        if (state is not null)
        {
            query = query.Where(w => w.State == state);
        }

        if (kind is not null)
        {
            query = query.Where(w => w.Kind == kind);
        }

        if (queue is not null)
        {
            query = query.Where(w => w.Queue == queue);
        }

        if (beforeId is { } cursor)
        {
            query = query.Where(w => w.Id < cursor);
        }

        return query.OrderByDescending(w => w.Id).Take(limit).ToListAsync(cancellationToken);
    }

    public Task<List<NodeEntity>> ListNodesAsync(CancellationToken cancellationToken)
        => db.Nodes.AsNoTracking().OrderByDescending(n => n.HeartbeatAt).Take(200).ToListAsync(cancellationToken);

    /// <summary>Counts items per state.</summary>
    public async Task<Dictionary<string, long>> CountByStateAsync(CancellationToken cancellationToken)
    {
        var counts = await db.WorkItems
            .GroupBy(w => w.State)
            .Select(g => new { State = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return counts.ToDictionary(c => c.State, c => c.Count);
    }
}
