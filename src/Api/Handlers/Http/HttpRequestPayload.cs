using System.Text.Json;
using Workflow.Engine.Circuits;
using Workflow.Engine.Handlers;

namespace Workflow.Api.Handlers.Http;

/// <summary>
/// Payload of <c>http.request</c>. <see cref="Body"/> is sent as text when it is a JSON string, and as JSON
/// (with <c>Content-Type: application/json</c> unless a header sets it) otherwise. Items run behind one circuit
/// breaker per destination: the scheme, host and port of <see cref="Url"/>.
/// </summary>
public sealed record HttpRequestPayload(
    string Url,
    string Method = "POST",
    Dictionary<string, string>? Headers = null,
    JsonElement? Body = null,
    int TimeoutSeconds = HttpRequestKindOptions.DefaultTimeoutSeconds) : IValidatedPayload, ICircuitKeyedPayload
{
    private static readonly HashSet<string> Methods = new(StringComparer.OrdinalIgnoreCase)
    {
        "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
    };

    // HttpClient sets these itself from the URL and body, or they control the connection, so a copy from the
    // payload would conflict with the client's own framing and connection handling.
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "TE", "Trailer",
        "Proxy-Connection",
    };

    /// <summary>Returns the destination as <c>scheme://host:port</c>, such as <c>https://api.example.com:443</c>.</summary>
    public string? GetCircuitKey()
        => Uri.TryCreate(Url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Host}:{uri.Port}" : null;

    public IEnumerable<PayloadError> Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new PayloadError("url", "The url must be an absolute http or https URL.");
        }

        if (!Methods.Contains(Method))
        {
            yield return new PayloadError("method", $"The method must be one of {string.Join(", ", Methods)}.");
        }

        if (TimeoutSeconds is < 1 or > HttpRequestKindOptions.MaxTimeoutSeconds)
        {
            yield return new PayloadError("timeoutSeconds", $"The timeoutSeconds must be from 1 to {HttpRequestKindOptions.MaxTimeoutSeconds}.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in Headers ?? [])
        {
            if (HeaderError(name, value) is { } message)
            {
                yield return new PayloadError($"headers.{name}", message);
            }
            else if (!seen.Add(name))
            {
                yield return new PayloadError($"headers.{name}",
                    $"The header {name} is given more than once with different letter case. Send each header once.");
            }
        }
    }

    /// <summary>Returns why a header cannot be sent, or null when it can.</summary>
    private static string? HeaderError(string name, string? value)
    {
        // RFC 9110 section 5.6.2: a field name is a token of letters, digits and !#$%&'*+-.^_`|~.
        if (name.Length == 0 || !name.All(IsTokenChar))
        {
            return "The header name must be a token: letters, digits and !#$%&'*+-.^_`|~ only.";
        }

        if (ReservedHeaders.Contains(name))
        {
            return $"The header {name} is set by the HTTP client or controls the connection, so it cannot be given. Remove it.";
        }

        // RFC 9110 section 5.5 tolerates obs-text (bytes 0x80 to 0xFF) in values only for old fields, and a payload
        // string has no byte encoding, so values are limited to visible ASCII, space and tab.
        if (value is null || !value.All(c => c is '\t' or >= ' ' and <= '~'))
        {
            return "The header value must be a string of visible ASCII characters, spaces and tabs.";
        }

        return null;
    }

    private static bool IsTokenChar(char c)
        => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
