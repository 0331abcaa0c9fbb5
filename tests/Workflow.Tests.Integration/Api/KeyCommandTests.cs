using System.Net;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Api;

/// <summary>The server's <c>keys</c> commands, run as child processes against the fixture's database.</summary>
public sealed class KeyCommandTests(KeyCommandTests.Fixture fixture) : IClassFixture<KeyCommandTests.Fixture>
{
    private string ConnectionString => fixture.Database.ConnectionString;

    [Fact]
    public async Task CreateListRevoke_ControlAccess()
    {
        var (created, key, createError) = await ServerCommand.RunAsync(ConnectionString, "keys", "create", "--name", "cli", "--scopes", "read");
        Assert.True(created == 0, createError);
        key = key.Trim();
        using var client = fixture.Server.CreateClient(key);
        using (var before = await client.GetAsync("/api/v1/stats"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var prefix = key.Split('_')[1];
        var (listed, list, _) = await ServerCommand.RunAsync(ConnectionString, "keys", "list");
        Assert.Equal(0, listed);
        Assert.Contains(prefix, list, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Split('_')[2], list, StringComparison.Ordinal);

        var (revoked, _, revokeError) = await ServerCommand.RunAsync(ConnectionString, "keys", "revoke", prefix);
        Assert.True(revoked == 0, revokeError);
        using var after = await client.GetAsync("/api/v1/stats");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Ensure_ReusesAndRestoresFileKey()
    {
        var file = Path.Combine(Path.GetTempPath(), $"workflow-key-{Guid.NewGuid():N}");
        try
        {
            string[] ensure = ["keys", "ensure", "--file", file, "--name", "local", "--scopes", "submit,read,operate"];
            var (first, _, firstError) = await ServerCommand.RunAsync(ConnectionString, ensure);
            Assert.True(first == 0, firstError);
            var key = (await File.ReadAllTextAsync(file)).Trim();
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            await ServerCommand.RunAsync(ConnectionString, ensure);
            Assert.Equal(key, (await File.ReadAllTextAsync(file)).Trim());

            await fixture.Database.ExecuteAsync("DELETE FROM workflow.api_keys WHERE prefix = $1", key.Split('_')[1]);
            var (restored, _, restoreError) = await ServerCommand.RunAsync(ConnectionString, ensure);
            Assert.True(restored == 0, restoreError);
            Assert.Equal(key, (await File.ReadAllTextAsync(file)).Trim());
            using var client = fixture.Server.CreateClient(key);
            using var response = await client.GetAsync("/api/v1/stats");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task MissingVerb_PrintsUsage()
    {
        var (exitCode, _, error) = await ServerCommand.RunAsync(ConnectionString, "keys");

        Assert.Equal(2, exitCode);
        Assert.Contains("Missing command after 'keys'", error, StringComparison.Ordinal);
        Assert.Contains("keys create --name NAME", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task NoConnectionString_NamesSetting(string? connectionString)
    {
        var (exitCode, _, error) = await ServerCommand.RunAsync(connectionString, "keys", "list");

        Assert.Equal(2, exitCode);
        Assert.Contains("Set ConnectionStrings__Workflow", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableDatabase_Fails()
    {
        var (exitCode, _, error) = await ServerCommand.RunAsync("Host=127.0.0.1;Port=1;Username=workflow;Database=none", "keys", "list");

        Assert.Equal(1, exitCode);
        Assert.Contains("The database could not be reached", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownScope_FailsNamingIt()
    {
        var (exitCode, output, error) = await ServerCommand.RunAsync(ConnectionString, "keys", "create", "--name", "x", "--scopes", "read,admin");

        Assert.Equal(2, exitCode);
        Assert.Empty(output.Trim());
        Assert.Contains("The scope 'admin' is unknown. Valid scopes: submit, read, operate.", error, StringComparison.Ordinal);
    }

    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Workflow:Api:Auth:KeyCacheDuration"] = "00:00:00",
        };
    }
}
