using Microsoft.AspNetCore.Identity;

namespace Workflow.Api.Security.Dashboard;

/// <summary>
/// Password hashing for dashboard users through ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>:
/// PBKDF2 with HMAC-SHA512, a random salt and 100,000 iterations (its version 3 format in .NET 10).
/// </summary>
public static class PasswordHashes
{
    private const byte Version3Marker = 0x01;

    private static readonly PasswordHasher<DashboardUserOptions> Hasher = new();

    /// <summary>A hash of a random password, verified when a login names an unknown user so both paths take as long.</summary>
    private static readonly string DecoyHash = Hasher.HashPassword(new DashboardUserOptions(), Guid.NewGuid().ToString());

    public static string Hash(string password) => Hasher.HashPassword(new DashboardUserOptions(), password);

    /// <summary>Returns whether <paramref name="password"/> matches the user's hash; a null user is checked against a decoy.</summary>
    public static bool Verify(DashboardUserOptions? user, string password)
    {
        var result = Hasher.VerifyHashedPassword(user ?? new DashboardUserOptions(), user?.PasswordHash ?? DecoyHash, password);
        return user is not null && result != PasswordVerificationResult.Failed;
    }

    /// <summary>Returns whether the text decodes as a version 3 Identity hash (marker, parameters, salt and subkey).</summary>
    public static bool IsWellFormed(string? hash)
    {
        if (string.IsNullOrEmpty(hash))
        {
            return false;
        }

        var buffer = new byte[hash.Length];
        return Convert.TryFromBase64String(hash, buffer, out var length) && length >= 13 + 16 + 16 && buffer[0] == Version3Marker;
    }
}
