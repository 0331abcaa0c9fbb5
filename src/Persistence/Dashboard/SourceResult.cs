namespace Workflow.Persistence.Dashboard;

/// <summary>
/// A dashboard source that may not exist in this build: its value, or the note the page shows in its place.
/// </summary>
public sealed record SourceResult<T>(bool Available, T? Value, string? Note)
    where T : class;

/// <summary>Creates <see cref="SourceResult{T}"/> values.</summary>
public static class SourceResult
{
    public static SourceResult<T> Of<T>(T value)
        where T : class
        => new(true, value, null);

    public static SourceResult<T> NotAvailable<T>(string note)
        where T : class
        => new(false, null, note);
}
