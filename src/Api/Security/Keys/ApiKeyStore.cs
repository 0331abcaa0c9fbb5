using Microsoft.EntityFrameworkCore;
using Workflow.Persistence;
using Workflow.Persistence.Entities;

namespace Workflow.Api.Security.Keys;

/// <summary>
/// Creates, lists, revokes and finds API keys in <c>workflow.api_keys</c>. Request authentication goes through
/// <see cref="ApiKeyValidator"/>, which caches what this store returns.
/// </summary>
public sealed class ApiKeyStore(IServiceScopeFactory scopes, TimeProvider time)
{
    public const int MaxNameLength = 100;

    /// <summary>Creates a key and returns its row and its full text, which is not stored and cannot be shown again.</summary>
    public async Task<(ApiKeyEntity Row, string Key)> CreateAsync(
        string name, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        var (prefix, secret, key) = ApiKeyFormat.Generate();
        var row = await InsertAsync(name, prefix, secret, scopes, cancellationToken);
        return (row, key);
    }

    /// <summary>
    /// Stores a key whose text was made earlier, such as the local key of <c>ops/run</c> after its database was
    /// recreated. Returns null when the text is not a key or its prefix is already taken.
    /// </summary>
    public async Task<ApiKeyEntity?> ImportAsync(
        string name, string key, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.TryParse(key, out var prefix, out var secret) || await FindAsync(prefix, cancellationToken) is not null)
        {
            return null;
        }

        return await InsertAsync(name, prefix, secret, scopes, cancellationToken);
    }

    public async Task<IReadOnlyList<ApiKeyEntity>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        return await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Returns the key with this prefix, revoked or not; null when there is none.</summary>
    public async Task<ApiKeyEntity?> FindAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        return await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
    }

    /// <summary>
    /// Revokes the key with this id or prefix. Returns the key, or null when there is none. Revoking a revoked key
    /// keeps its first revocation time.
    /// </summary>
    public async Task<ApiKeyEntity?> RevokeAsync(string idOrPrefix, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var row = long.TryParse(idOrPrefix, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken)
            : await db.ApiKeys.SingleOrDefaultAsync(k => k.Prefix == idOrPrefix, cancellationToken);
        if (row is null)
        {
            return null;
        }

        row.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return row;
    }

    /// <summary>Records that the key authenticated a request now.</summary>
    public async Task TouchAsync(long id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var now = time.GetUtcNow();
        await db.ApiKeys.Where(k => k.Id == id).ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), cancellationToken);
    }

    private async Task<ApiKeyEntity> InsertAsync(
        string name, string prefix, string secret, IReadOnlyCollection<string> scopeList, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            throw new ArgumentException($"The key name must be 1 to {MaxNameLength} characters; it is {name.Length}.", nameof(name));
        }

        var row = new ApiKeyEntity
        {
            Name = name,
            Prefix = prefix,
            SecretHash = ApiKeyFormat.Hash(secret),
            Scopes = [.. scopeList],
            CreatedAt = time.GetUtcNow(),
        };
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row;
    }
}
