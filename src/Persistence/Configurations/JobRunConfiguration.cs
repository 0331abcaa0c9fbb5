using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflow.Persistence.Entities;

namespace Workflow.Persistence.Configurations;

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRunEntity>
{
    public void Configure(EntityTypeBuilder<JobRunEntity> builder)
    {
        builder.ToTable("job_runs", table => table.HasCheckConstraint(
            "ck_job_runs_outcome", "outcome IN ('running', 'succeeded', 'skipped', 'failed', 'cancelled')"));
        builder.HasKey(e => e.Id).HasName("pk_job_runs");
        builder.Property(e => e.Id).HasColumnName("id").UseIdentityByDefaultColumn();
        builder.Property(e => e.JobName).HasColumnName("job_name").HasMaxLength(200);
        builder.Property(e => e.FireInstanceId).HasColumnName("fire_instance_id").HasMaxLength(200);
        builder.Property(e => e.NodeId).HasColumnName("node_id");
        builder.Property(e => e.ScheduledAt).HasColumnName("scheduled_at");
        builder.Property(e => e.StartedAt).HasColumnName("started_at");
        builder.Property(e => e.FinishedAt).HasColumnName("finished_at");
        builder.Property(e => e.Outcome).HasColumnName("outcome").HasMaxLength(16);
        builder.Property(e => e.RowsAffected).HasColumnName("rows_affected");
        builder.Property(e => e.Error).HasColumnName("error");

        // The start and the end of a run are written separately, so the end finds its row by this key.
        builder.HasIndex(e => new { e.NodeId, e.FireInstanceId }).HasDatabaseName("ux_job_runs_fire_instance").IsUnique();
        builder.HasIndex(e => new { e.JobName, e.ScheduledAt }).HasDatabaseName("ix_job_runs_job_scheduled");
        builder.HasIndex(e => e.StartedAt).HasDatabaseName("ix_job_runs_started_at");
    }
}
