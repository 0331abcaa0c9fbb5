using System.Text.Json.Nodes;
using System.Web;

namespace Workflow.Api.Handlers.Http;

/// <summary>
/// Replaces secrets in an <c>http.request</c> payload before it is shown or logged: the values of
/// credential headers, the password of a URL, and query parameters whose names suggest a secret.
/// </summary>
public sealed class HttpRequestRedactor(IEnumerable<string> extraHeaders)
{
    public const string Mask = "***";

    private static readonly string[] SecretWords = ["auth", "token", "secret", "password", "passwd", "key", "cookie", "session", "signature", "credential"];

    private readonly HashSet<string> _extraHeaders = new(extraHeaders, StringComparer.OrdinalIgnoreCase);

    public JsonNode Redact(JsonNode payload)
    {
        if (payload is not JsonObject root)
        {
            return payload;
        }

        // Names are matched ignoring case, because payloads stored before binding became case-sensitive may use
        // "URL" or "Headers", and the handler read those as url and headers.
        var copy = root.DeepClone().AsObject();
        foreach (var (name, value) in copy.ToList())
        {
            if (name.Equals("headers", StringComparison.OrdinalIgnoreCase) && value is JsonObject headers)
            {
                MaskHeaders(headers);
            }
            else if (name.Equals("url", StringComparison.OrdinalIgnoreCase) && value is JsonValue url
                && url.TryGetValue<string>(out var text))
            {
                copy[name] = RedactUrl(text);
            }
        }

        return copy;
    }

    private void MaskHeaders(JsonObject headers)
    {
        foreach (var name in headers.Select(h => h.Key).ToList())
        {
            if (IsSecretName(name) || _extraHeaders.Contains(name))
            {
                headers[name] = Mask;
            }
        }
    }

    /// <summary>Returns the URL with its password and secret-looking query values masked.</summary>
    public static string RedactUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return url;
        }

        var builder = new UriBuilder(uri);
        if (!string.IsNullOrEmpty(builder.Password))
        {
            builder.Password = Mask;
        }

        if (builder.Query.Length > 1)
        {
            var query = HttpUtility.ParseQueryString(builder.Query);
            foreach (var key in query.AllKeys)
            {
                if (key is not null && IsSecretName(key))
                {
                    query[key] = Mask;
                }
            }

            builder.Query = query.ToString();
        }

        return builder.Uri.IsDefaultPort ? builder.Uri.ToString() : builder.ToString();
    }

    private static bool IsSecretName(string name)
        => SecretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));
}
