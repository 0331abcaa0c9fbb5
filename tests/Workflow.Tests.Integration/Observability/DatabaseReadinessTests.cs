using System.Net;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Observability;

/// <summary>
/// <c>/health/ready</c> while PostgreSQL is down and after it is back, on a cluster of the test class's own,
/// because the shared test server must never be stopped.
/// </summary>
public sealed class DatabaseReadinessTests(DedicatedPostgres postgres) : IClassFixture<DedicatedPostgres>
{
    [Fact]
    public async Task DatabaseDown_NotReadyUntilBack()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var server = await WorkflowTestServer.StartAsync(connectionString);
        await ReadinessTests.WaitForReadyAsync(server, HttpStatusCode.OK);

        await postgres.StopAsync(PostgresStopMode.Fast);
        try
        {
            var down = await ReadinessTests.WaitForReadyAsync(server, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Unhealthy", (string?)down["status"]);
            Assert.Equal("Unhealthy", (string?)down["checks"]!["database"]!["status"]);

            // Routes that read the database return 503, which tells the client to try again, not 500.
            foreach (var path in new[] { "/api/v1/stats", "/api/v1/items/1", "/api/v1/nodes" })
            {
                using var response = await server.Client.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"GET {path} returned {(int)response.StatusCode}.");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
        finally
        {
            await postgres.StartAsync();
        }

        var back = await ReadinessTests.WaitForReadyAsync(server, HttpStatusCode.OK);
        Assert.Equal("Healthy", (string?)back["checks"]!["database"]!["status"]);
        Assert.Equal("Healthy", (string?)back["checks"]!["heartbeat"]!["status"]);
    }
}
