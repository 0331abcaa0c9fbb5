using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Handlers;
using Workflow.Engine.Metrics;
using Workflow.Engine.Options;

namespace Workflow.Tests.Integration.Unit;

/// <summary>Builds <see cref="WorkflowMetrics"/> for unit tests that construct engine classes by hand.</summary>
internal static class UnitMetrics
{
    private static readonly IMeterFactory MeterFactory =
        new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    public static WorkflowMetrics Create(WorkflowOptions options, HandlerRegistry registry)
        => new(MeterFactory, options, registry, new BacklogGauge(), () => null);
}
