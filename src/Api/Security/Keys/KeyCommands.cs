using System.Globalization;
using Workflow.Api.Security.Dashboard;
using Workflow.Persistence;
using Workflow.Persistence.Entities;

namespace Workflow.Api.Security.Keys;

/// <summary>
/// The server's management commands, run as <c>dotnet Workflow.Api.dll COMMAND</c> instead of starting the server:
/// <list type="table">
/// <item><term>keys create --name NAME --scopes submit,read,operate</term><description>prints the new key on stdout, once</description></item>
/// <item><term>keys list</term><description>lists keys without secrets</description></item>
/// <item><term>keys revoke ID|PREFIX</term><description>revokes a key; other nodes notice within their key cache duration</description></item>
/// <item><term>keys ensure --file PATH --name NAME --scopes LIST</term><description>keeps a valid key in a file, creating it when needed</description></item>
/// <item><term>hash-password</term><description>reads a password from stdin and prints its hash for a dashboard user</description></item>
/// </list>
/// Other arguments, such as <c>--ConnectionStrings:Workflow=...</c>, configure the server as usual. Key commands apply
/// pending migrations first, so they work on a new database.
/// </summary>
public static class KeyCommands
{
    private const string Usage = """
        Usage:
          dotnet Workflow.Api.dll keys create --name NAME --scopes submit,read,operate
          dotnet Workflow.Api.dll keys list
          dotnet Workflow.Api.dll keys revoke ID|PREFIX
          dotnet Workflow.Api.dll keys ensure --file PATH --name NAME --scopes submit,read,operate
          dotnet Workflow.Api.dll hash-password   (reads the password from stdin)
        The database comes from ConnectionStrings__Workflow, as for the server.
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "keys" or "hash-password";

    /// <summary>Runs a command and returns its exit code: 0 on success, 1 on a failure, 2 on invalid arguments.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args[0] == "hash-password")
        {
            var password = Console.In.ReadLine();
            if (string.IsNullOrEmpty(password))
            {
                return Fail(2, "Send the password on stdin, for example: read -rs p && printf '%s\\n' \"$p\" | dotnet Workflow.Api.dll hash-password");
            }

            Console.WriteLine(PasswordHashes.Hash(password));
            return 0;
        }

        var verb = args.Length > 1 ? args[1] : "";
        if (verb is not ("create" or "list" or "revoke" or "ensure"))
        {
            return Fail(2, verb.Length == 0 ? $"Missing command after 'keys'.\n{Usage}" : $"Unknown command 'keys {verb}'.\n{Usage}");
        }

        var (options, positional, configuration) = SplitArguments(args.Length > 2 ? args[2..] : []);
        try
        {
            return await RunKeyCommandAsync(verb, options, positional, configuration);
        }
        catch (MissingConnectionStringException)
        {
            return Fail(2, "No connection string is configured. Set ConnectionStrings__Workflow to the server's database, " +
                           "or run ops/keys from the project folder, which uses the same database as ops/run.");
        }
        catch (Npgsql.NpgsqlException ex)
        {
            return Fail(1, $"The database could not be reached: {ex.Message.TrimEnd('.')}. Check ConnectionStrings__Workflow and that the server is running.");
        }
    }

    private static async Task<int> RunKeyCommandAsync(
        string verb, Dictionary<string, string> options, List<string> positional, string[] configuration)
    {
        // Logs go to stderr, so stdout carries only the command's output, such as a new key. EF Core logs the query
        // of a missing migrations table as an error on a new database, which the migration then creates.
        await using var app = WorkflowServer.Build(configuration, builder => builder.Logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Critical)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        await WorkflowDatabase.MigrateAsync(app.Services);
        var store = app.Services.GetRequiredService<ApiKeyStore>();
        return verb switch
        {
            "create" => await CreateAsync(store, options),
            "list" => await ListAsync(store),
            "revoke" => await RevokeAsync(store, positional),
            _ => await EnsureAsync(store, options),
        };
    }

    private static async Task<int> CreateAsync(ApiKeyStore store, Dictionary<string, string> options)
    {
        if (!TryNameAndScopes(options, out var name, out var scopes))
        {
            return 2;
        }

        var (row, key) = await store.CreateAsync(name, scopes, CancellationToken.None);
        Console.Error.WriteLine($"Created API key {row.Id} '{row.Name}' with scopes {string.Join(", ", row.Scopes)}. " +
                                "It is shown once, below; store it now.");
        Console.WriteLine(key);
        return 0;
    }

    private static async Task<int> ListAsync(ApiKeyStore store)
    {
        Console.WriteLine("id\tname\tprefix\tscopes\tcreated\tlast used\trevoked");
        foreach (var row in await store.ListAsync(CancellationToken.None))
        {
            Console.WriteLine(string.Join('\t', row.Id.ToString(CultureInfo.InvariantCulture), row.Name, row.Prefix,
                string.Join(',', row.Scopes), Format(row.CreatedAt), Format(row.LastUsedAt), Format(row.RevokedAt)));
        }

        return 0;
    }

    private static async Task<int> RevokeAsync(ApiKeyStore store, List<string> positional)
    {
        if (positional.Count != 1)
        {
            return Fail(2, $"Give the id or prefix of one key to revoke.\n{Usage}");
        }

        var row = await store.RevokeAsync(positional[0], CancellationToken.None);
        if (row is null)
        {
            return Fail(1, $"No API key has id or prefix '{positional[0]}'. 'keys list' shows the keys.");
        }

        Console.WriteLine($"Revoked API key {row.Id} '{row.Name}'. Servers stop accepting it within their key cache duration.");
        return 0;
    }

    /// <summary>
    /// Keeps the key in <c>--file</c> usable: reuses it when it is stored and valid, stores it again when the
    /// database no longer has it (a recreated database), and replaces it when it was revoked.
    /// </summary>
    private static async Task<int> EnsureAsync(ApiKeyStore store, Dictionary<string, string> options)
    {
        if (!options.TryGetValue("file", out var path) || !TryNameAndScopes(options, out var name, out var scopes))
        {
            return Fail(2, $"keys ensure needs --file, --name and --scopes.\n{Usage}");
        }

        var existing = File.Exists(path) ? (await File.ReadAllTextAsync(path)).Trim() : null;
        if (ApiKeyFormat.TryParse(existing, out var prefix, out var secret))
        {
            var row = await store.FindAsync(prefix, CancellationToken.None);
            if (row is { RevokedAt: null } && ApiKeyFormat.Matches(secret, row.SecretHash))
            {
                Console.Error.WriteLine($"Reusing API key {row.Id} '{row.Name}' from {path}.");
                return 0;
            }

            if (row is null && await store.ImportAsync(name, existing!, scopes, CancellationToken.None) is { } imported)
            {
                Console.Error.WriteLine($"Stored the API key from {path} as key {imported.Id}; the database did not have it.");
                return 0;
            }
        }

        var (created, key) = await store.CreateAsync(name, scopes, CancellationToken.None);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await WriteSecretFileAsync(path, key);
        Console.Error.WriteLine($"Created API key {created.Id} '{created.Name}' with scopes {string.Join(", ", created.Scopes)} in {path}.");
        return 0;
    }

    private static async Task WriteSecretFileAsync(string path, string key)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var file = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        await file.WriteLineAsync(key);
    }

    private static bool TryNameAndScopes(Dictionary<string, string> options, out string name, out string[] scopes)
    {
        var errors = new List<string>();
        name = options.GetValueOrDefault("name") ?? "";
        if (name.Length is 0 or > ApiKeyStore.MaxNameLength)
        {
            errors.Add($"Give the key a --name of 1 to {ApiKeyStore.MaxNameLength} characters.");
        }

        scopes = ApiScopes.Parse(options.GetValueOrDefault("scopes"), errors) ?? [];
        foreach (var error in errors)
        {
            Console.Error.WriteLine(error);
        }

        return errors.Count == 0;
    }

    /// <summary>Separates this command's --name, --scopes and --file options and plain words from configuration arguments.</summary>
    private static (Dictionary<string, string> Options, List<string> Positional, string[] Configuration) SplitArguments(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = new List<string>();
        var configuration = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (name is "name" or "scopes" or "file" && i + 1 < args.Length)
            {
                options[name] = args[++i];
            }
            else if (name is null && configuration.Count == 0)
            {
                positional.Add(args[i]);
            }
            else
            {
                configuration.Add(args[i]);
            }
        }

        return (options, positional, [.. configuration]);
    }

    private static string Format(DateTimeOffset? time) => time?.ToString("u", CultureInfo.InvariantCulture) ?? "-";

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine(message);
        return code;
    }
}
