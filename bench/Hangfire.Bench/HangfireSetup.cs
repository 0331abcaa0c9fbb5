using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Hangfire.Bench;

/// <summary>
/// How both the driver and the server processes set up Hangfire: the setup its documentation recommends for
/// new applications, on Hangfire.PostgreSql with its default storage options.
/// </summary>
internal static class HangfireSetup
{
    /// <summary>Applies the global settings that Hangfire's getting-started guide recommends.</summary>
    public static void ConfigureGlobal()
    {
        GlobalConfiguration.Configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings();
    }

    /// <summary>Storage with default options; creating it installs the hangfire schema when it is missing.</summary>
    public static PostgreSqlStorage CreateStorage(string connectionString)
    {
        var options = new PostgreSqlStorageOptions();
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>The default storage and server options, for the settings of each result.</summary>
    public static Dictionary<string, object?> DefaultOptions()
    {
        var settings = new Dictionary<string, object?>();
        var storage = new PostgreSqlStorageOptions();
        settings["hf_QueuePollInterval"] = storage.QueuePollInterval.ToString();
        settings["hf_InvisibilityTimeout"] = storage.InvisibilityTimeout.ToString();
        settings["hf_UseSlidingInvisibilityTimeout"] = storage.UseSlidingInvisibilityTimeout;
        settings["hf_EnableLongPolling"] = storage.EnableLongPolling;
        settings["hf_default_WorkerCount"] = new BackgroundJobServerOptions().WorkerCount;
        settings["hf_setup"] = "CompatibilityLevel.Version_180, simple assembly name type serializer, recommended serializer settings";
        return settings;
    }
}
