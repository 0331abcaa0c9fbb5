using Microsoft.Extensions.Options;

namespace Workflow.Api;

/// <summary>
/// Checks the configuration before the server touches the database, and collects every failure: values that cannot
/// be converted to their option's type, and values that the options validators reject. An operator then fixes the
/// whole configuration in one pass instead of one value per restart.
/// </summary>
internal static class StartupChecks
{
    /// <summary>Returns every failure message; empty when the configuration is valid.</summary>
    public static IReadOnlyList<string> InvalidOptions(
        IServiceProvider services,
        IConfiguration configuration,
        IReadOnlyList<(string Section, Type Type)> sections)
    {
        var unconvertible = UnconvertibleValues(configuration, sections);
        var failures = unconvertible.Select(value => value.Message).ToList();
        var skip = unconvertible.Select(value => value.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (section, type) in sections)
        {
            var validate = ValidateSectionMethod.MakeGenericMethod(type);
            failures.AddRange((List<string>)validate.Invoke(null, [services, configuration, section, skip])!);
        }

        if (failures.Count > 0)
        {
            return failures;
        }

        // Options registered by an embedding host, outside the sections above.
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException ex)
        {
            failures.AddRange(ex.Failures);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            failures.AddRange(ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures));
        }

        return failures;
    }

    private static readonly System.Reflection.MethodInfo ValidateSectionMethod =
        typeof(StartupChecks).GetMethod(nameof(ValidateSection), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    /// <summary>
    /// Binds <typeparamref name="T"/> from its section without the values that cannot be converted (those keep their
    /// defaults and are reported on their own), applies the registered post-configuration, and runs every registered
    /// validator, so range failures are found even when another value of the same class is unreadable.
    /// </summary>
    private static List<string> ValidateSection<T>(IServiceProvider services, IConfiguration configuration, string section, HashSet<string> skip)
        where T : class, new()
    {
        var values = configuration.GetSection(section).AsEnumerable()
            .Where(pair => pair.Value is not null && !skip.Contains(pair.Key));
        var options = new T();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(section).Bind(options);
        foreach (var post in services.GetServices<IPostConfigureOptions<T>>())
        {
            post.PostConfigure(Microsoft.Extensions.Options.Options.DefaultName, options);
        }

        var failures = new List<string>();
        foreach (var validator in services.GetServices<IValidateOptions<T>>())
        {
            var result = validator.Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
            if (result.Failed)
            {
                failures.AddRange(result.Failures ?? [result.FailureMessage]);
            }
        }

        return failures;
    }

    /// <summary>Binds <typeparamref name="T"/> from <paramref name="section"/>, or returns its defaults when a value cannot be converted.</summary>
    /// <remarks>The start-up check reports the unconvertible value; until then the defaults let the host be built.</remarks>
    public static T BindOrDefault<T>(IConfiguration configuration, string section)
        where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException)
        {
            return new T();
        }
    }

    public static string Describe(IReadOnlyList<string> failures)
        => "The server did not start because its configuration has "
            + (failures.Count == 1 ? "1 invalid value" : $"{failures.Count} invalid values")
            + ":" + Environment.NewLine
            + string.Join(Environment.NewLine, failures.Select(f => "  - " + f));

    /// <summary>
    /// Binds each configured value on its own, so that every value the binder cannot convert is found, not only the
    /// first one of each options class.
    /// </summary>
    private static List<(string Key, string Message)> UnconvertibleValues(
        IConfiguration configuration,
        IReadOnlyList<(string Section, Type Type)> sections)
    {
        var failures = new List<(string Key, string Message)>();
        foreach (var (sectionName, type) in sections)
        {
            var section = configuration.GetSection(sectionName);
            foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true))
            {
                var path = $"{sectionName}:{key}";
                if (value is null || failures.Exists(f => string.Equals(f.Key, path, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                var single = new ConfigurationBuilder()
                    .AddInMemoryCollection([new KeyValuePair<string, string?>(key, value)])
                    .Build();
                try
                {
                    single.Get(type);
                }
                catch (InvalidOperationException)
                {
                    failures.Add((path, $"{path} is \"{value}\", which is not a valid {Describe(type, key)}."));
                }
            }
        }

        return failures;
    }

    private static string Describe(Type options, string key)
    {
        var type = options;
        foreach (var part in key.Split(':'))
        {
            var property = type.GetProperty(part, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            if (property is null)
            {
                return "value";
            }

            type = property.PropertyType;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(TimeSpan) ? "duration (such as 00:00:30)"
            : type == typeof(int) || type == typeof(long) ? "whole number"
            : type == typeof(double) ? "number"
            : type == typeof(bool) ? "boolean (true or false)"
            : type.IsEnum ? $"value (one of {string.Join(", ", Enum.GetNames(type))})"
            : "value";
    }
}
