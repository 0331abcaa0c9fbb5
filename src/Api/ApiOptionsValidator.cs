using Microsoft.Extensions.Options;

namespace Workflow.Api;

/// <summary>Checks every <see cref="ApiOptions"/> value against its documented range and reports all failures at once.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        Check(failures, nameof(options.MaxPayloadBytes), options.MaxPayloadBytes, 1024, 16 * 1024 * 1024);
        Check(failures, nameof(options.MaxBatchSize), options.MaxBatchSize, 1, 10_000);
        Check(failures, nameof(options.MaxRequestBodyBytes), options.MaxRequestBodyBytes, 64 * 1024, 1024 * 1024 * 1024);
        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{ApiOptions.SectionName}:{name} is {value}; it must be between {min} and {max}.");
        }
    }
}
