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

        foreach (var (name, value) in Headers ?? [])
        {
            if (name.Length == 0 || name.Any(c => c <= ' ' || c >= 127 || c == ':'))
            {
                yield return new PayloadError($"headers.{name}", "The header name must be a non-empty token of visible ASCII characters without ':'.");
            }
            else if (value is null || value.Any(c => c is '\r' or '\n'))
            {
                yield return new PayloadError($"headers.{name}", "The header value must be a string without line breaks.");
            }
        }
    }
}
