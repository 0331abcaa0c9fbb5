using System.Net;
using Microsoft.Extensions.Options;

namespace Workflow.Api.Security.Dashboard;

/// <summary>Checks every <see cref="DashboardAuthOptions"/> value and reports all failures at once.</summary>
internal sealed class DashboardAuthOptionsValidator : IValidateOptions<DashboardAuthOptions>
{
    private const string Section = DashboardAuthOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, DashboardAuthOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.LocalNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(options.LocalNetworks[i], out _))
            {
                failures.Add($"{Section}:LocalNetworks:{i} is '{options.LocalNetworks[i]}', which is not a network in CIDR form " +
                             "such as 127.0.0.0/8 or ::1/128.");
            }
        }

        var min = TimeSpan.FromMinutes(5);
        var max = TimeSpan.FromDays(30);
        if (options.SessionLifetime < min || options.SessionLifetime > max)
        {
            failures.Add($"{Section}:SessionLifetime is {options.SessionLifetime}; it must be between {min} and {max}.");
        }

        if (options.LoginAttemptsPerMinute is < 1 or > 10_000)
        {
            failures.Add($"{Section}:LoginAttemptsPerMinute is {options.LoginAttemptsPerMinute}; it must be between 1 and 10000.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Users.Count; i++)
        {
            ValidateUser(options.Users[i], $"{Section}:Users:{i}", names, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateUser(DashboardUserOptions user, string path, HashSet<string> names, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(user.Name) || user.Name.Length > 100)
        {
            failures.Add($"{path}:Name is missing or longer than 100 characters; give each user a name.");
        }
        else if (!names.Add(user.Name))
        {
            failures.Add($"{path}:Name '{user.Name}' is used by another user; user names must be unique.");
        }

        if (!PasswordHashes.IsWellFormed(user.PasswordHash))
        {
            failures.Add($"{path}:PasswordHash is missing or not an ASP.NET Core Identity password hash; " +
                         "create one with 'dotnet Workflow.Api.dll hash-password'.");
        }

        foreach (var scope in user.Scopes.Where(s => s is not (ApiScopes.Read or ApiScopes.Operate)))
        {
            failures.Add($"{path}:Scopes contains '{scope}'; dashboard users can have read and operate.");
        }
    }
}
