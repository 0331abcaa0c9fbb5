namespace Workflow.Api.Security;

/// <summary>Access to the REST API, bound from the <c>Workflow:Api:Auth</c> configuration section.</summary>
public sealed class ApiAuthOptions
{
    public const string SectionName = "Workflow:Api:Auth";

    public static readonly TimeSpan DefaultKeyCacheDuration = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxKeyCacheDuration = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Serves the API without keys, for local development only; the server logs a warning at start. Rate limits
    /// then apply per client address. Default false.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// How long a node caches a key it looked up, 0 to 10 min. A revoked key keeps working for up to this long on
    /// each node that cached it, and <c>last_used_at</c> is updated once per cached lookup. Zero looks up every
    /// request. Default 30 s.
    /// </summary>
    public TimeSpan KeyCacheDuration { get; set; } = DefaultKeyCacheDuration;
}
