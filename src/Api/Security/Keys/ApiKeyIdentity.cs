namespace Workflow.Api.Security.Keys;

/// <summary>A key whose secret matched and which is not revoked, without the secret.</summary>
public sealed record ApiKeyIdentity(long Id, string Name, string Prefix, IReadOnlyList<string> Scopes);

/// <summary>The result of checking a presented key: the key, or the reason it was rejected.</summary>
public sealed record ApiKeyCheck(ApiKeyIdentity? Key, string? Failure)
{
    public static ApiKeyCheck Invalid { get; } = new(null, "The API key is invalid. Check that it was copied whole and not revoked.");

    public static ApiKeyCheck Revoked { get; } = new(null, "The API key was revoked. Ask an operator for a new key.");
}
