namespace Workflow.Engine.Pool;

/// <summary>
/// Wakes the fetcher when new work may be due, for example on a database notification. A caller takes
/// <see cref="Next"/> before it looks for work, so a signal that arrives while it looks is not missed.
/// </summary>
public sealed class WorkSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next <see cref="Notify"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify()
    {
        var fired = Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        fired.TrySetResult();
    }
}
