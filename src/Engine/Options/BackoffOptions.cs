namespace Workflow.Engine.Options;

/// <summary>
/// Exponential backoff with jitter: the delay before retry n is <c>min(Cap, BaseDelay * Factor^(n-1))</c>,
/// then reduced by a random share of up to <see cref="Jitter"/>, so it never exceeds the cap. The engine's policy
/// is <c>Workflow:Backoff</c>; a kind overrides it in <c>Workflow:Kinds:{kind}:Backoff</c> or
/// <see cref="Handlers.WorkKindOptions.Backoff"/>, and an item in its submission's <c>backoff</c> field.
/// </summary>
public sealed class BackoffOptions
{
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultCap = TimeSpan.FromHours(1);
    public const double DefaultFactor = 2.0;
    public const double DefaultJitter = 0.25;
    public const double MinFactor = 1.0;
    public const double MaxFactor = 10.0;
    public static readonly TimeSpan MaxBaseDelay = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxCap = TimeSpan.FromDays(30);

    /// <summary>Delay before the first retry, before jitter, 0 to 1 day. Default 2 s.</summary>
    public TimeSpan BaseDelay { get; set; } = DefaultBaseDelay;

    /// <summary>Growth per failed attempt, 1 to 10. Default 2.</summary>
    public double Factor { get; set; } = DefaultFactor;

    /// <summary>Largest delay, at least <see cref="BaseDelay"/>, at most 30 days. Default 1 h.</summary>
    public TimeSpan Cap { get; set; } = DefaultCap;

    /// <summary>Largest share of the delay removed at random, 0 to 1. Default 0.25.</summary>
    public double Jitter { get; set; } = DefaultJitter;

    /// <summary>Adds one failure per invalid value, each named <c>{prefix}:{Property}</c>.</summary>
    public void Validate(string prefix, List<string> failures)
    {
        OptionChecks.Range(failures, $"{prefix}:{nameof(BaseDelay)}", BaseDelay, TimeSpan.Zero, MaxBaseDelay);
        OptionChecks.Range(failures, $"{prefix}:{nameof(Cap)}", Cap, BaseDelay, MaxCap);
        OptionChecks.Range(failures, $"{prefix}:{nameof(Factor)}", Factor, MinFactor, MaxFactor);
        OptionChecks.Range(failures, $"{prefix}:{nameof(Jitter)}", Jitter, 0.0, 1.0);
    }
}
