using Npgsql;
using Workflow.Persistence;

namespace Workflow.Tests.Unit.Persistence;

public sealed class ConnectionPoolBudgetTests
{
    private const string ConnectionString = "Host=127.0.0.1;Port=5432;Database=workflow;Username=workflow";

    [Theory]
    [InlineData(100, 0, 88, 0, 6, 0, 6, 0)]
    [InlineData(16, 0, 4, 0, 6, 0, 6, 0)]
    [InlineData(30, 8, 18, 8, 6, 6, 6, 6)]
    public void Split_GivesEngineAndSchedulerOwnPools(
        int max, int min, int apiMax, int apiMin, int engineMax, int engineMin, int schedulerMax, int schedulerMin)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = max, MinPoolSize = min };

        var (api, engine, scheduler) = ConnectionPoolBudget.Split(builder);

        var apiBuilder = new NpgsqlConnectionStringBuilder(api);
        var engineBuilder = new NpgsqlConnectionStringBuilder(engine);
        var schedulerBuilder = new NpgsqlConnectionStringBuilder(scheduler);
        Assert.Equal(apiMax, apiBuilder.MaxPoolSize);
        Assert.Equal(apiMin, apiBuilder.MinPoolSize);
        Assert.Equal(engineMax, engineBuilder.MaxPoolSize);
        Assert.Equal(engineMin, engineBuilder.MinPoolSize);
        Assert.Equal(schedulerMax, schedulerBuilder.MaxPoolSize);
        Assert.Equal(schedulerMin, schedulerBuilder.MinPoolSize);
        Assert.Equal(builder.Host, engineBuilder.Host);
        Assert.Equal(builder.Database, engineBuilder.Database);
    }

    [Fact]
    public void Split_WithoutPooling_KeepsConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, MaxPoolSize = 1 };

        var (api, engine, scheduler) = ConnectionPoolBudget.Split(builder);

        Assert.Equal(builder.ConnectionString, api);
        Assert.Equal(builder.ConnectionString, engine);
        Assert.Equal(builder.ConnectionString, scheduler);
    }

    [Fact]
    public void Split_TooSmall_NamesValueAndFix()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = ConnectionPoolBudget.MinMaxPoolSize - 1 };

        var error = Assert.Throws<ArgumentException>(() => ConnectionPoolBudget.Split(builder));

        Assert.Contains($"Maximum Pool Size (Max Pool Size) to {ConnectionPoolBudget.MinMaxPoolSize - 1}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Set it to {ConnectionPoolBudget.MinMaxPoolSize} or more", error.Message, StringComparison.Ordinal);
    }
}
