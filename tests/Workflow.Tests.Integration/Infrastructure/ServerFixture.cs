using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>
/// A database and one running server shared by every test of a class, for classes whose tests only need
/// the API and can share its settings. Derive a nested fixture to change <see cref="Settings"/> or
/// <see cref="ConfigureServices"/>, or to map test routes in <see cref="MapEndpoints"/>.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public WorkflowTestServer Server { get; private set; } = null!;

    /// <summary>Settings added to <see cref="WorkflowTestServer.FastSettings"/>.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Server = await WorkflowTestServer.StartAsync(Database.ConnectionString, Settings, ConfigureServices, MapEndpoints);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Database.DisposeAsync();
    }

    protected virtual void ConfigureServices(IServiceCollection services) => TestHandlers.Add(services);

    protected virtual void MapEndpoints(WebApplication app)
    {
    }
}
