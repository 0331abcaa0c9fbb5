using Microsoft.Extensions.DependencyInjection;
using Workflow.Api.Security;
using Workflow.Api.Security.Keys;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Api;

/// <summary>The key cache with its default duration: guessed keys are cached apart from known ones.</summary>
public sealed class ApiKeyCacheTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private WorkflowTestServer _server = null!;

    public async Task InitializeAsync() => _server = await WorkflowTestServer.StartAsync(database.ConnectionString);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GuessedKeys_DoNotEvictKnownKey()
    {
        var key = await _server.CreateKeyAsync("cached", ApiScopes.Read);
        var validator = _server.Services.GetRequiredService<ApiKeyValidator>();
        Assert.NotNull((await validator.CheckAsync(key, CancellationToken.None)).Key);

        for (var i = 0; i <= ApiKeyValidator.MaxCachedKeys; i++)
        {
            Assert.Null((await validator.CheckAsync(ApiKeyFormat.Generate().Key, CancellationToken.None)).Key);
        }

        // Deleted behind the cache's back: only a cached entry can still accept the key.
        await database.ExecuteAsync("DELETE FROM workflow.api_keys WHERE prefix = $1", key.Split('_')[1]);
        Assert.NotNull((await validator.CheckAsync(key, CancellationToken.None)).Key);
    }
}
