using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Workflow.Engine.Scheduling;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Scheduling;

/// <summary>
/// A job added with <c>AddNodeJob</c> runs on the per-node scheduler of a node with workers, and the host's stop
/// cancels it and waits for it instead of leaving it running.
/// </summary>
public sealed class NodeJobTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task NodeJob_HostStop_CancelsRun()
    {
        var probe = new NodeJobProbe();
        var server = await WorkflowTestServer.StartAsync(
            database.ConnectionString,
            services: services => services
                .AddSingleton(probe)
                .AddNodeJob<LongRunningNodeJob>(_ => TimeSpan.FromMilliseconds(100)));

        await probe.Started.Task.WaitAsync(Eventually.DefaultTimeout);
        await server.DisposeAsync();

        Assert.True(probe.Cancelled.Task.IsCompleted, "The host stopped while the node job still ran without being cancelled.");
        Assert.Equal(1, probe.Runs);
    }

    /// <summary>What the test's node job saw, shared through the service provider.</summary>
    public sealed class NodeJobProbe
    {
        private int _runs;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Runs => Volatile.Read(ref _runs);

        public void Ran() => Interlocked.Increment(ref _runs);
    }

    /// <summary>Runs until it is cancelled, so only the scheduler's shutdown can end it.</summary>
    [DisallowConcurrentExecution]
    public sealed class LongRunningNodeJob(NodeJobProbe probe) : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            probe.Ran();
            probe.Started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                probe.Cancelled.TrySetResult();
            }
        }
    }
}
