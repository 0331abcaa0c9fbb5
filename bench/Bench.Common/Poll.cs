namespace Workflow.Bench.Common;

/// <summary>Bounded waits: every loop of the benchmark ends by its condition or by its timeout.</summary>
public static class Poll
{
    /// <summary>
    /// Checks <paramref name="condition"/> every <paramref name="interval"/> until it is true or
    /// <paramref name="timeout"/> has passed; returns whether it became true.
    /// </summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan interval, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(interval);
        }
    }
}
