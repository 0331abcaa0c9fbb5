namespace Workflow.Api;

/// <summary>Limits of the REST API, bound from the <c>Workflow:Api</c> configuration section.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Workflow:Api";

    public const int DefaultMaxPayloadBytes = 256 * 1024;
    public const int DefaultMaxBatchSize = 1000;
    public const int DefaultMaxRequestBodyBytes = 32 * 1024 * 1024;

    /// <summary>
    /// Largest payload of one item, in bytes of compact UTF-8 JSON with each number counted at its written-out
    /// length, 1 KiB to 16 MiB. Default 256 KiB.
    /// </summary>
    public int MaxPayloadBytes { get; set; } = DefaultMaxPayloadBytes;

    /// <summary>Most items in one batch submission, 1 to 10,000. Default 1000.</summary>
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>Largest request body, in bytes, 64 KiB to 1 GiB. Default 32 MiB.</summary>
    public int MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;
}
