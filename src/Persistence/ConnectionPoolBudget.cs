using Npgsql;

namespace Workflow.Persistence;

/// <summary>
/// The split of the Max Pool Size of its connection string (Npgsql's default is 100) between three Npgsql data
/// sources. The engine's background loops get a pool of their own with <see cref="EngineConnections"/>, so API
/// requests can never hold the connections that leasing, outcome writes, heartbeats and recovery need, and those
/// loops can never hold the connections of API requests. The Quartz.NET cluster-wide scheduler and its maintenance
/// jobs get <see cref="SchedulerConnections"/>, so a long retention run cannot delay a heartbeat either. The API gets
/// the rest, which must be at least <see cref="MinApiConnections"/>, so Max Pool Size must be at least
/// <see cref="MinMaxPoolSize"/>. Handlers never receive a connection from any pool, so the number of workers does not
/// change the budget.
/// </summary>
public static class ConnectionPoolBudget
{
    /// <summary>
    /// Max connections the engine uses at once. The fetcher, the outcome writer, the heartbeat, the recovery sweep and
    /// the node state writes at start and stop each make one call at a time. The notification listener holds one more.
    /// </summary>
    public const int EngineConnections = 6;

    /// <summary>
    /// Max connections of the cluster-wide scheduler: its trigger acquisition, cluster check-in and misfire handling,
    /// and up to <see cref="Engine.Options.SchedulerOptions.MaxClusterThreadCount"/> running jobs with their run records.
    /// </summary>
    public const int SchedulerConnections = 6;

    /// <summary>
    /// PostgreSQL's <c>idle_in_transaction_session_timeout</c> on the scheduler's connections, in ms. Quartz.NET's
    /// clustered store holds a row lock on its lock table inside short transactions. A node paused in the middle of one
    /// (SIGSTOP, a suspended VM) would keep every other node's scheduler waiting, so the server ends such a session.
    /// The transactions last milliseconds, and the maintenance jobs run their statements outside transactions.
    /// </summary>
    public const int SchedulerIdleTransactionTimeoutMs = 5000;

    /// <summary>Fewest connections left for API requests, submissions, queries and health checks.</summary>
    public const int MinApiConnections = 4;

    /// <summary>Smallest Max Pool Size a node accepts.</summary>
    public const int MinMaxPoolSize = EngineConnections + SchedulerConnections + MinApiConnections;

    /// <summary>
    /// Service key of the engine's <see cref="NpgsqlDataSource"/>; the unkeyed one serves the API, and the scheduler's is
    /// keyed <see cref="Engine.Scheduling.SchedulerKeys.DataSourceKey"/>.
    /// </summary>
    public const string EngineDataSourceKey = "Workflow.Engine";

    /// <summary>
    /// Splits <paramref name="connection"/> into the connection strings of the API, engine and scheduler pools, or
    /// throws an <see cref="ArgumentException"/> that names the value and the fix when Max Pool Size is too small.
    /// A connection string with pooling switched off is returned unchanged for all three.
    /// </summary>
    public static (string Api, string Engine, string Scheduler) Split(NpgsqlConnectionStringBuilder connection)
    {
        if (!connection.Pooling)
        {
            return (connection.ConnectionString, connection.ConnectionString, connection.ConnectionString);
        }

        if (connection.MaxPoolSize < MinMaxPoolSize)
        {
            throw new ArgumentException(
                $"The connection string sets Maximum Pool Size (Max Pool Size) to {connection.MaxPoolSize}, but a Workflow node " +
                $"needs at least {MinMaxPoolSize} connections: {EngineConnections} for the engine's background loops (lease, " +
                $"outcome writes, heartbeat, recovery, node state and the notification listener), {SchedulerConnections} for " +
                "the Quartz.NET scheduler and its maintenance jobs, and at least " +
                $"{MinApiConnections} for API requests. Set it to {MinMaxPoolSize} or more, or remove it to use Npgsql's " +
                "default of 100.",
                nameof(connection));
        }

        var engine = new NpgsqlConnectionStringBuilder(connection.ConnectionString)
        {
            MaxPoolSize = EngineConnections,
            MinPoolSize = Math.Min(connection.MinPoolSize, EngineConnections),
        };
        var scheduler = new NpgsqlConnectionStringBuilder(connection.ConnectionString)
        {
            MaxPoolSize = SchedulerConnections,
            MinPoolSize = Math.Min(connection.MinPoolSize, SchedulerConnections),
            Options = $"{connection.Options} -c idle_in_transaction_session_timeout={SchedulerIdleTransactionTimeoutMs}".Trim(),
        };
        var apiMax = connection.MaxPoolSize - EngineConnections - SchedulerConnections;
        var api = new NpgsqlConnectionStringBuilder(connection.ConnectionString)
        {
            MaxPoolSize = apiMax,
            MinPoolSize = Math.Min(connection.MinPoolSize, apiMax),
        };
        return (api.ConnectionString, engine.ConnectionString, scheduler.ConnectionString);
    }
}
