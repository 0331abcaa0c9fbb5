using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflow.Persistence.Entities;

namespace Workflow.Persistence.Configurations;

internal sealed class NodeConfiguration : IEntityTypeConfiguration<NodeEntity>
{
    public void Configure(EntityTypeBuilder<NodeEntity> builder)
    {
        builder.ToTable("nodes", table => table.HasCheckConstraint(
            "ck_nodes_state", "state IN ('running', 'draining', 'stopped', 'dead')"));
        builder.HasKey(e => e.Id).HasName("pk_nodes");
        builder.Property(e => e.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(e => e.Host).HasColumnName("host").HasMaxLength(255);
        builder.Property(e => e.ProcessId).HasColumnName("process_id");
        builder.Property(e => e.Queues).HasColumnName("queues");
        builder.Property(e => e.State).HasColumnName("state").HasMaxLength(16);
        builder.Property(e => e.StartedAt).HasColumnName("started_at");
        builder.Property(e => e.HeartbeatAt).HasColumnName("heartbeat_at");
        builder.Property(e => e.Snapshot).HasColumnName("snapshot").HasColumnType("jsonb");
        builder.HasIndex(e => new { e.State, e.HeartbeatAt }).HasDatabaseName("ix_nodes_state_heartbeat");
    }
}
