namespace Workflow.Persistence.Entities;

/// <summary>
/// A row of <c>workflow.dashboard_sessions</c>: one dashboard login. The session cookie carries only the row's random
/// id, so logging out deletes the row and ends the session on every node, even for a copy of the cookie.
/// </summary>
public sealed class DashboardSessionEntity
{
    /// <summary>The random id in the session cookie, 43 characters of base64url.</summary>
    public required string Id { get; set; }

    /// <summary>The authentication ticket (user, scopes, lifetime) as ASP.NET Core serializes it.</summary>
    public required byte[] Ticket { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the ticket expires; expired rows are deleted at the next login.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}
