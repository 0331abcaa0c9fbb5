namespace Workflow.Persistence.Entities;

/// <summary>
/// A row of <c>workflow.api_keys</c>: one API key, stored as the SHA-256 hash of its secret. The full key is shown
/// once when it is created and cannot be recovered from the row.
/// </summary>
public sealed class ApiKeyEntity
{
    public long Id { get; set; }

    /// <summary>A label chosen by the operator, such as the client that uses the key.</summary>
    public required string Name { get; set; }

    /// <summary>The public, random part of the key that finds its row; not secret.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the secret part of the key, 32 bytes.</summary>
    public required byte[] SecretHash { get; set; }

    /// <summary>Granted scopes: any of submit, read, operate.</summary>
    public string[] Scopes { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the key last authenticated a request, to within the server's key cache duration.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>When the key was revoked; null while it is valid.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}
