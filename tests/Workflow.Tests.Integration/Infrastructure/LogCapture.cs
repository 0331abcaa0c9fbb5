using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>
/// A logger provider that keeps every log entry in memory, so tests can assert on the events a server logged.
/// Add it to an in-process server with <c>services.AddSingleton&lt;ILoggerProvider&gt;(capture)</c>. Entries below
/// the configured minimum level (Information by default) never reach it.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Returns the entries with event id <paramref name="eventId"/>, in the order they were logged.</summary>
    public IReadOnlyList<LogEntry> WithEventId(int eventId) => [.. _entries.Where(e => e.EventId == eventId)];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
        // Entries stay readable after the server that logged them is disposed.
    }

    private sealed class CapturingLogger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            var properties = values.ToDictionary(pair => pair.Key, pair => pair.Value);
            capture._entries.Enqueue(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception), properties, exception));
        }
    }
}
