using Microsoft.EntityFrameworkCore;
using Workflow.Persistence.Entities;

namespace Workflow.Persistence;

/// <summary>
/// The EF Core model of the schema. Migrations are generated from it; the hot path (lease, record, heartbeat,
/// recover, submit) runs hand-written SQL in <see cref="Sql"/> instead of change tracking.
/// </summary>
public sealed class WorkflowDbContext(DbContextOptions<WorkflowDbContext> options) : DbContext(options)
{
    public const string Schema = "workflow";

    public DbSet<WorkItemEntity> WorkItems => Set<WorkItemEntity>();

    public DbSet<AttemptEntity> Attempts => Set<AttemptEntity>();

    public DbSet<NodeEntity> Nodes => Set<NodeEntity>();

    public DbSet<ApiKeyEntity> ApiKeys => Set<ApiKeyEntity>();

    public DbSet<DashboardSessionEntity> DashboardSessions => Set<DashboardSessionEntity>();

    public DbSet<JobRunEntity> JobRuns => Set<JobRunEntity>();

    public DbSet<StatisticsMinuteEntity> StatisticsMinutes => Set<StatisticsMinuteEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WorkflowDbContext).Assembly);
    }
}
