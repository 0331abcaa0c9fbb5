using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>Registers the test kinds of the fault tests: stubborn handlers, huge errors and unstorable results.</summary>
public static class FaultHandlers
{
    public static void Add(IServiceCollection services)
    {
        services.AddWorkHandler<StubbornHandler, StubbornPayload>(StubbornHandler.Kind);
        services.AddWorkHandler<HugeErrorHandler, HugeErrorPayload>(HugeErrorHandler.Kind);
        services.AddWorkHandler<UnstorableResultHandler, UnstorableResultPayload>(UnstorableResultHandler.Kind);
    }
}
