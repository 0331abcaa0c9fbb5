using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Workflow.Api.Security.Keys;

/// <summary>
/// The text form of an API key, <c>wf_PREFIX_SECRET</c>: a 16-character hex prefix that finds the key's row,
/// and a 52-character secret of 256 random bits in lowercase base32. Only SHA-256 of the secret is stored. A fast
/// hash is enough here, unlike for passwords, because the secret is random and too long to guess.
/// </summary>
public static class ApiKeyFormat
{
    public const string Marker = "wf_";
    public const int PrefixLength = 16;
    public const int SecretLength = 52;

    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>Creates a new random key and returns its parts and full text.</summary>
    public static (string Prefix, string Secret, string Key) Generate()
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PrefixLength / 2));
        var secret = ToBase32(RandomNumberGenerator.GetBytes(32));
        return (prefix, secret, $"{Marker}{prefix}_{secret}");
    }

    /// <summary>Splits a presented key into prefix and secret; false when it does not have the key format.</summary>
    public static bool TryParse(string? key, [NotNullWhen(true)] out string? prefix, [NotNullWhen(true)] out string? secret)
    {
        prefix = null;
        secret = null;
        if (key is null
            || key.Length != Marker.Length + PrefixLength + 1 + SecretLength
            || !key.StartsWith(Marker, StringComparison.Ordinal)
            || key[Marker.Length + PrefixLength] != '_')
        {
            return false;
        }

        var prefixPart = key.Substring(Marker.Length, PrefixLength);
        var secretPart = key[(Marker.Length + PrefixLength + 1)..];
        if (!prefixPart.All(char.IsAsciiHexDigitLower) || !secretPart.All(c => Base32Alphabet.Contains(c, StringComparison.Ordinal)))
        {
            return false;
        }

        prefix = prefixPart;
        secret = secretPart;
        return true;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));

    /// <summary>Compares a presented secret with a stored hash in time that does not depend on where they differ.</summary>
    public static bool Matches(string secret, byte[] storedHash)
        => CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);

    private static string ToBase32(byte[] bytes)
    {
        var text = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Base32Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(Base32Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }
}
