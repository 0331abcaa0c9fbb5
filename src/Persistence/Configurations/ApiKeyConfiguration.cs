using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflow.Persistence.Entities;

namespace Workflow.Persistence.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKeyEntity>
{
    public void Configure(EntityTypeBuilder<ApiKeyEntity> builder)
    {
        builder.ToTable("api_keys", table =>
        {
            table.HasCheckConstraint("ck_api_keys_scopes", "scopes <@ ARRAY['submit', 'read', 'operate']::text[]");
            table.HasCheckConstraint("ck_api_keys_secret_hash", "octet_length(secret_hash) = 32");
        });
        builder.HasKey(e => e.Id).HasName("pk_api_keys");
        builder.Property(e => e.Id).HasColumnName("id").UseIdentityByDefaultColumn();
        builder.Property(e => e.Name).HasColumnName("name").HasMaxLength(100);
        builder.Property(e => e.Prefix).HasColumnName("prefix").HasMaxLength(32);
        builder.Property(e => e.SecretHash).HasColumnName("secret_hash");
        builder.Property(e => e.Scopes).HasColumnName("scopes");
        builder.Property(e => e.CreatedAt).HasColumnName("created_at");
        builder.Property(e => e.LastUsedAt).HasColumnName("last_used_at");
        builder.Property(e => e.RevokedAt).HasColumnName("revoked_at");
        builder.HasIndex(e => e.Prefix).IsUnique().HasDatabaseName("ux_api_keys_prefix");
    }
}
