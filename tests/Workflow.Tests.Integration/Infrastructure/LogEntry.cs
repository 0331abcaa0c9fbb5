using Microsoft.Extensions.Logging;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>One captured log entry with its structured values, keyed by placeholder name.</summary>
public sealed record LogEntry(
    string Category,
    LogLevel Level,
    int EventId,
    string Message,
    IReadOnlyDictionary<string, object?> Properties,
    Exception? Exception);
