using Workflow.Persistence.Entities;

namespace Workflow.Persistence.Dashboard;

/// <summary>An item with its latest attempts, newest first, and the number of attempts it has in all.</summary>
public sealed record ItemDetail(WorkItemEntity Item, IReadOnlyList<AttemptEntity> Attempts, int AttemptCount);
