using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflow.Persistence.Entities;

namespace Workflow.Persistence.Configurations;

internal sealed class StatisticsMinuteConfiguration : IEntityTypeConfiguration<StatisticsMinuteEntity>
{
    public void Configure(EntityTypeBuilder<StatisticsMinuteEntity> builder)
    {
        builder.ToTable("stats_minutes");

        // Minute first: the rollup replaces and retention deletes ranges of minutes, and graphs read them.
        builder.HasKey(e => new { e.Minute, e.Kind, e.Queue }).HasName("pk_stats_minutes");
        builder.Property(e => e.Minute).HasColumnName("minute");
        builder.Property(e => e.Kind).HasColumnName("kind").HasMaxLength(100);
        builder.Property(e => e.Queue).HasColumnName("queue").HasMaxLength(100);
        builder.Property(e => e.Attempts).HasColumnName("attempts");
        builder.Property(e => e.Succeeded).HasColumnName("succeeded");
        builder.Property(e => e.Failed).HasColumnName("failed");
        builder.Property(e => e.Retried).HasColumnName("retried");
        builder.Property(e => e.Dead).HasColumnName("dead");
        builder.Property(e => e.Cancelled).HasColumnName("cancelled");
        builder.Property(e => e.DurationSumMs).HasColumnName("duration_sum_ms");
        builder.Property(e => e.DurationMaxMs).HasColumnName("duration_max_ms");
    }
}
