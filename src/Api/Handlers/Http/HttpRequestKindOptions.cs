namespace Workflow.Api.Handlers.Http;

/// <summary>
/// Settings of the <c>http.request</c> kind, bound from <c>Workflow:Http</c>. Link-local and cloud metadata
/// addresses are always denied; loopback and private ranges only when allowed here.
/// </summary>
public sealed class HttpRequestKindOptions
{
    public const string SectionName = "Workflow:Http";

    public const int DefaultMaxBodyExcerptBytes = 4096;
    public const int DefaultTimeoutSeconds = 30;
    public const int MaxTimeoutSeconds = 600;

    /// <summary>Allows requests to 127.0.0.0/8 and ::1. Default false; <c>ops/run</c> turns it on for local demos.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Allows requests to 10/8, 172.16/12, 192.168/16, 100.64/10 and fc00::/7. Default false.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How much of a response body is stored as the result, in bytes, 0 to 1 MiB. Default 4096.</summary>
    public int MaxBodyExcerptBytes { get; set; } = DefaultMaxBodyExcerptBytes;

    /// <summary>Extra header names whose values are redacted wherever an item is shown or logged.</summary>
    public List<string> RedactedHeaders { get; set; } = [];
}
