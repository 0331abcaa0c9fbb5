using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workflow.Persistence;
using Workflow.Tests.Integration.Infrastructure;
using Workflow.Tests.Integration.Processes;

namespace Workflow.Tests.Integration.Faults;

/// <summary>
/// The split of Max Pool Size between the API's pool and the engine's own pool, in a running server. A too small
/// value fails at start, and an exhausted API pool does not stop the engine.
/// </summary>
public sealed class ConnectionPoolBudgetTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task TooSmallMaxPoolSize_FailsAtStart()
    {
        var connectionString = WithMaxPoolSize(ConnectionPoolBudget.MinMaxPoolSize - 1);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => WorkflowTestServer.StartAsync(connectionString));

        Assert.Contains($"Maximum Pool Size (Max Pool Size) to {ConnectionPoolBudget.MinMaxPoolSize - 1}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Set it to {ConnectionPoolBudget.MinMaxPoolSize} or more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExhaustedApiPool_EngineKeepsWorking()
    {
        const string queue = "pool-budget";
        await using var submitter = await WorkflowTestServer.StartAsync(
            database.ConnectionString, new Dictionary<string, string?> { ["Workflow:RunWorkers"] = "false" });
        await using var node = await WorkflowTestServer.StartAsync(
            WithMaxPoolSize(ConnectionPoolBudget.MinMaxPoolSize), NodeRows.ForQueue(queue));
        var held = await ExhaustAsync(node.Services.GetRequiredService<NpgsqlDataSource>());
        try
        {
            var ids = new List<long>();
            for (var i = 0; i < 20; i++)
            {
                var submitted = await submitter.SubmitAsync(new { kind = "noop", queue });
                ids.Add((long)submitted["id"]!);
            }

            await Eventually.TrueAsync(
                async () => await database.ScalarAsync<long>(
                    "SELECT count(*) FROM workflow.work_items WHERE id = ANY($1) AND state = 'succeeded'", ids.ToArray()) == ids.Count,
                "the node to run every item while its API pool is exhausted");

            Assert.Equal(ConnectionPoolBudget.MinApiConnections, held.Count);
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Opens connections from <paramref name="dataSource"/> until it has none left, and returns them.</summary>
    private static async Task<List<NpgsqlConnection>> ExhaustAsync(NpgsqlDataSource dataSource)
    {
        var held = new List<NpgsqlConnection>();
        for (var i = 0; i < 100; i++)
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                held.Add(await dataSource.OpenConnectionAsync(wait.Token));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return held;
    }

    private string WithMaxPoolSize(int maxPoolSize)
        => new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = maxPoolSize }.ConnectionString;
}
