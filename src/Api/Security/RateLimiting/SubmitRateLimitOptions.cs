namespace Workflow.Api.Security.RateLimiting;

/// <summary>
/// The token bucket that limits submit requests per API key (per client address when the API is anonymous),
/// bound from <c>Workflow:Api:RateLimit</c>. Each node keeps its own buckets, so with N nodes behind a load
/// balancer a key can reach N times the rate. A batch request takes one token, whatever its size.
/// </summary>
public sealed class SubmitRateLimitOptions
{
    public const string SectionName = "Workflow:Api:RateLimit";

    public const int DefaultTokenLimit = 1000;
    public const int DefaultTokensPerPeriod = 500;
    public static readonly TimeSpan DefaultReplenishmentPeriod = TimeSpan.FromSeconds(1);

    /// <summary>False turns the limit off. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Bucket size: the largest burst of submit requests, 1 to 1,000,000. Default 1000.</summary>
    public int TokenLimit { get; set; } = DefaultTokenLimit;

    /// <summary>Tokens added each <see cref="ReplenishmentPeriod"/>, 1 to 1,000,000. Default 500.</summary>
    public int TokensPerPeriod { get; set; } = DefaultTokensPerPeriod;

    /// <summary>How often tokens are added, 10 ms to 1 h. Default 1 s.</summary>
    public TimeSpan ReplenishmentPeriod { get; set; } = DefaultReplenishmentPeriod;
}
