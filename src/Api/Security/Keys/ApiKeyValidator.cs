using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Workflow.Persistence.Entities;

namespace Workflow.Api.Security.Keys;

/// <summary>
/// Checks presented API keys. Rows are cached by prefix for <see cref="ApiAuthOptions.KeyCacheDuration"/>, so
/// the submit path does not query the database on each request; unknown prefixes are cached too, so guessing
/// keys does not reach the database either. The secret is compared on every request, in constant time.
/// </summary>
public sealed class ApiKeyValidator(
    ApiKeyStore store, IOptions<ApiAuthOptions> options, TimeProvider time, ILogger<ApiKeyValidator> logger)
{
    /// <summary>
    /// Unknown prefixes beyond this clear the cache of unknown prefixes, which bounds its memory when many guessed
    /// keys arrive. Known keys are cached apart, so a flood of guesses never evicts them.
    /// </summary>
    public const int MaxCachedKeys = 10_000;

    private readonly ConcurrentDictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CacheEntry> _unknown = new(StringComparer.Ordinal);

    public async Task<ApiKeyCheck> CheckAsync(string presented, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.TryParse(presented, out var prefix, out var secret))
        {
            return ApiKeyCheck.Invalid;
        }

        var entry = await GetEntryAsync(prefix, cancellationToken);
        if (entry.Row is not { } row || !ApiKeyFormat.Matches(secret, row.SecretHash))
        {
            return ApiKeyCheck.Invalid;
        }

        if (row.RevokedAt is not null)
        {
            return ApiKeyCheck.Revoked;
        }

        if (Interlocked.Exchange(ref entry.Touched, 1) == 0)
        {
            _ = TouchAsync(row.Id);
        }

        return new ApiKeyCheck(new ApiKeyIdentity(row.Id, row.Name, row.Prefix, row.Scopes), null);
    }

    /// <summary>Returns whether the key with this prefix exists and is not revoked, through the cache.</summary>
    public async Task<bool> IsActiveAsync(string prefix, CancellationToken cancellationToken)
        => (await GetEntryAsync(prefix, cancellationToken)).Row is { RevokedAt: null };

    private async Task<CacheEntry> GetEntryAsync(string prefix, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if ((_cache.TryGetValue(prefix, out var cached) || _unknown.TryGetValue(prefix, out cached)) && cached.ExpiresAt > now)
        {
            return cached;
        }

        var row = await store.FindAsync(prefix, cancellationToken);
        var entry = new CacheEntry(row, now + options.Value.KeyCacheDuration);
        if (options.Value.KeyCacheDuration <= TimeSpan.Zero)
        {
            return entry;
        }

        if (row is not null)
        {
            _unknown.TryRemove(prefix, out _);
            _cache[prefix] = entry;
        }
        else
        {
            if (_unknown.Count >= MaxCachedKeys)
            {
                _unknown.Clear();
            }

            _cache.TryRemove(prefix, out _);
            _unknown[prefix] = entry;
        }

        return entry;
    }

    private async Task TouchAsync(long id)
    {
        try
        {
            await store.TouchAsync(id, CancellationToken.None);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or Microsoft.EntityFrameworkCore.DbUpdateException or TimeoutException
                                       or InvalidOperationException or ObjectDisposedException)
        {
            SecurityLog.TouchFailed(logger, ex, id);
        }
    }

    private sealed class CacheEntry(ApiKeyEntity? row, DateTimeOffset expiresAt)
    {
        public ApiKeyEntity? Row { get; } = row;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        /// <summary>1 once this entry recorded a use in <c>last_used_at</c>.</summary>
        public int Touched;
    }
}
