using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflow.Persistence.Entities;

namespace Workflow.Persistence.Configurations;

internal sealed class DashboardSessionConfiguration : IEntityTypeConfiguration<DashboardSessionEntity>
{
    public void Configure(EntityTypeBuilder<DashboardSessionEntity> builder)
    {
        builder.ToTable("dashboard_sessions");
        builder.HasKey(e => e.Id).HasName("pk_dashboard_sessions");
        builder.Property(e => e.Id).HasColumnName("id").HasMaxLength(64);
        builder.Property(e => e.Ticket).HasColumnName("ticket");
        builder.Property(e => e.CreatedAt).HasColumnName("created_at");
        builder.Property(e => e.ExpiresAt).HasColumnName("expires_at");
        builder.HasIndex(e => e.ExpiresAt).HasDatabaseName("ix_dashboard_sessions_expires_at");
    }
}
