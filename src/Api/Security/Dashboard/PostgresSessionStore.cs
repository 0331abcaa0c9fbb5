using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

namespace Workflow.Api.Security.Dashboard;

/// <summary>
/// Keeps dashboard sessions in <c>workflow.dashboard_sessions</c>, so the cookie carries only a random session id.
/// Logging out deletes the row, which ends the session on every node at once, also for a copy of the cookie. A
/// cookie that carried the whole ticket would stay valid until it expired.
/// </summary>
internal sealed class PostgresSessionStore(NpgsqlDataSource dataSource) : ITicketStore
{
    private const string Insert = """
        WITH expired AS (DELETE FROM workflow.dashboard_sessions WHERE expires_at < now())
        INSERT INTO workflow.dashboard_sessions (id, ticket, created_at, expires_at) VALUES ($1, $2, now(), $3)
        """;

    private const string Update = "UPDATE workflow.dashboard_sessions SET ticket = $2, expires_at = $3 WHERE id = $1";

    private const string Select = """
        SELECT ticket FROM workflow.dashboard_sessions WHERE id = $1 AND (expires_at IS NULL OR expires_at > now())
        """;

    private const string Delete = "DELETE FROM workflow.dashboard_sessions WHERE id = $1";

    public async Task<string> StoreAsync(AuthenticationTicket ticket) => await StoreAsync(ticket, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        await ExecuteAsync(Insert, id, ticket, cancellationToken);
        return id;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
        => ExecuteAsync(Update, key, ticket, cancellationToken);

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Select);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        return await command.ExecuteScalarAsync(cancellationToken) is byte[] bytes ? TicketSerializer.Default.Deserialize(bytes) : null;
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Delete);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task ExecuteAsync(string sql, string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = TicketSerializer.Default.Serialize(ticket) });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)ticket.Properties.ExpiresUtc ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
