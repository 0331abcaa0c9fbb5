using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflow.Persistence.Entities;

namespace Workflow.Persistence.Configurations;

internal sealed class WorkItemConfiguration : IEntityTypeConfiguration<WorkItemEntity>
{
    public void Configure(EntityTypeBuilder<WorkItemEntity> builder)
    {
        builder.ToTable("work_items", table =>
        {
            table.HasCheckConstraint("ck_work_items_state", "state IN ('pending', 'running', 'succeeded', 'dead', 'cancelled')");
            table.HasCheckConstraint("ck_work_items_attempts", "attempt >= 0 AND failed_attempts >= 0 AND max_attempts >= 1");
            table.HasCheckConstraint("ck_work_items_lease", "(state = 'running') = (lease_token IS NOT NULL)");
        });
        builder.HasKey(e => e.Id).HasName("pk_work_items");
        builder.Property(e => e.Id).HasColumnName("id").UseIdentityByDefaultColumn();
        builder.Property(e => e.Kind).HasColumnName("kind").HasMaxLength(100);
        builder.Property(e => e.Queue).HasColumnName("queue").HasMaxLength(100);
        builder.Property(e => e.State).HasColumnName("state").HasMaxLength(16);
        builder.Property(e => e.Payload).HasColumnName("payload").HasColumnType("jsonb");
        builder.Property(e => e.Priority).HasColumnName("priority");
        builder.Property(e => e.RunAt).HasColumnName("run_at");
        builder.Property(e => e.Attempt).HasColumnName("attempt");
        builder.Property(e => e.FailedAttempts).HasColumnName("failed_attempts");
        builder.Property(e => e.MaxAttempts).HasColumnName("max_attempts");
        builder.Property(e => e.TimeoutMs).HasColumnName("timeout_ms");
        builder.Property(e => e.IdempotencyKey).HasColumnName("idempotency_key").HasMaxLength(200);
        builder.Property(e => e.RequestHash).HasColumnName("request_hash");
        builder.Property(e => e.Tags).HasColumnName("tags").HasDefaultValueSql("'{}'::text[]");
        builder.Property(e => e.Backoff).HasColumnName("backoff").HasColumnType("jsonb");
        builder.Property(e => e.Result).HasColumnName("result").HasColumnType("jsonb");
        builder.Property(e => e.LastError).HasColumnName("last_error");
        builder.Property(e => e.LastErrorCategory).HasColumnName("last_error_category").HasMaxLength(32);
        builder.Property(e => e.LeaseToken).HasColumnName("lease_token");
        builder.Property(e => e.LeasedBy).HasColumnName("leased_by");
        builder.Property(e => e.LeasedAt).HasColumnName("leased_at");
        builder.Property(e => e.LeaseExpiresAt).HasColumnName("lease_expires_at");
        // 55 characters is a version 00 traceparent; the API stores only that form.
        builder.Property(e => e.TraceParent).HasColumnName("trace_parent").HasMaxLength(55);
        builder.Property(e => e.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
        builder.Property(e => e.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()");
        builder.Property(e => e.FinishedAt).HasColumnName("finished_at");

        // Leasing walks this partial index in lease order, so its cost depends on the pending set only,
        // however many finished rows the table holds.
        builder.HasIndex(e => new { e.Priority, e.RunAt, e.Id })
            .HasDatabaseName("ix_work_items_pending")
            .HasFilter("state = 'pending'");

        // Recovery looks for expired leases among running items only.
        builder.HasIndex(e => e.LeaseExpiresAt)
            .HasDatabaseName("ix_work_items_running_lease")
            .HasFilter("state = 'running'");

        // Retention finds old finished items here. Only finished rows are in it, so leasing and completing do not write
        // it until an item finishes.
        builder.HasIndex(e => e.FinishedAt)
            .HasDatabaseName("ix_work_items_finished")
            .HasFilter("state IN ('succeeded', 'dead', 'cancelled')");

        builder.HasIndex(e => e.IdempotencyKey)
            .HasDatabaseName("ux_work_items_idempotency_key")
            .IsUnique()
            .HasFilter("idempotency_key IS NOT NULL");

        // Keyset pagination of the list endpoint, newest first, by state. Leasing and completing change the
        // state, so no update is HOT and every index on this table is written twice per item: kind and queue
        // filters therefore walk this index or the primary key instead of having indexes of their own.
        builder.HasIndex(e => new { e.State, e.Id }).HasDatabaseName("ix_work_items_state_id");
    }
}
