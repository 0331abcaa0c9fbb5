using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflow.Persistence.Entities;

namespace Workflow.Persistence.Configurations;

internal sealed class AttemptConfiguration : IEntityTypeConfiguration<AttemptEntity>
{
    public void Configure(EntityTypeBuilder<AttemptEntity> builder)
    {
        builder.ToTable("attempts", table => table.HasCheckConstraint(
            "ck_attempts_outcome", "outcome IN ('succeeded', 'failed', 'timed_out', 'cancelled', 'abandoned')"));
        builder.HasKey(e => e.Id).HasName("pk_attempts");
        builder.Property(e => e.Id).HasColumnName("id").UseIdentityByDefaultColumn();
        builder.Property(e => e.WorkItemId).HasColumnName("work_item_id");
        builder.Property(e => e.Number).HasColumnName("number");
        builder.Property(e => e.LeaseToken).HasColumnName("lease_token");
        builder.Property(e => e.NodeId).HasColumnName("node_id");
        builder.Property(e => e.StartedAt).HasColumnName("started_at");
        builder.Property(e => e.FinishedAt).HasColumnName("finished_at");
        builder.Property(e => e.DurationMs).HasColumnName("duration_ms");
        builder.Property(e => e.DueAt).HasColumnName("due_at");
        builder.Property(e => e.Outcome).HasColumnName("outcome").HasMaxLength(16);
        builder.Property(e => e.ErrorCategory).HasColumnName("error_category").HasMaxLength(32);
        builder.Property(e => e.ErrorType).HasColumnName("error_type").HasMaxLength(500);
        builder.Property(e => e.ErrorMessage).HasColumnName("error_message");
        builder.Property(e => e.ErrorStack).HasColumnName("error_stack");

        builder.HasOne(e => e.WorkItem)
            .WithMany(w => w.Attempts)
            .HasForeignKey(e => e.WorkItemId)
            .HasConstraintName("fk_attempts_work_items")
            .OnDelete(DeleteBehavior.Cascade);

        // The lease token identifies the attempt: whoever stores it first (the node, recovery or a cancel)
        // wins, and later writes for the same lease do nothing.
        builder.HasIndex(e => e.LeaseToken).HasDatabaseName("ux_attempts_lease_token").IsUnique();
        builder.HasIndex(e => new { e.WorkItemId, e.Number }).HasDatabaseName("ix_attempts_work_item");

        // The stats endpoint, the dashboard's live graph and the statistics rollup read the attempts that finished in a
        // recent window, which without an index means reading the whole attempt history on every call. Attempts are inserted in about the order they finish,
        // so a BRIN index narrows that read to the recent block ranges, and costs almost nothing per insert,
        // unlike a B-tree on this append-only, fast-growing table.
        builder.HasIndex(e => e.FinishedAt).HasDatabaseName("ix_attempts_finished_at").HasMethod("brin");
    }
}
