using Microsoft.Extensions.Options;

namespace Workflow.Api.Security;

/// <summary>Checks every <see cref="ApiAuthOptions"/> value against its documented range and reports all failures at once.</summary>
internal sealed class ApiAuthOptionsValidator : IValidateOptions<ApiAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiAuthOptions options)
    {
        if (options.KeyCacheDuration < TimeSpan.Zero || options.KeyCacheDuration > ApiAuthOptions.MaxKeyCacheDuration)
        {
            return ValidateOptionsResult.Fail(
                $"{ApiAuthOptions.SectionName}:{nameof(options.KeyCacheDuration)} is {options.KeyCacheDuration}; " +
                $"it must be between {TimeSpan.Zero} and {ApiAuthOptions.MaxKeyCacheDuration}.");
        }

        return ValidateOptionsResult.Success;
    }
}
