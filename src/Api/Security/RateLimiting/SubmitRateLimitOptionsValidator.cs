using Microsoft.Extensions.Options;

namespace Workflow.Api.Security.RateLimiting;

/// <summary>Checks every <see cref="SubmitRateLimitOptions"/> value against its documented range and reports all failures at once.</summary>
internal sealed class SubmitRateLimitOptionsValidator : IValidateOptions<SubmitRateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, SubmitRateLimitOptions options)
    {
        var failures = new List<string>();
        Range(failures, nameof(options.TokenLimit), options.TokenLimit, 1, 1_000_000);
        Range(failures, nameof(options.TokensPerPeriod), options.TokensPerPeriod, 1, 1_000_000);
        Range(failures, nameof(options.ReplenishmentPeriod), options.ReplenishmentPeriod, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range<T>(List<string> failures, string name, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"{SubmitRateLimitOptions.SectionName}:{name} is {value}; it must be between {min} and {max}.");
        }
    }
}
