namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>How <see cref="DedicatedPostgres.StopAsync"/> stops the server, as <c>pg_ctl stop --mode</c> names it.</summary>
public enum PostgresStopMode
{
    Fast,
    Immediate,
}
