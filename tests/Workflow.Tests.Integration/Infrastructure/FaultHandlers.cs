using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>Registers the test kinds of the fault tests.</summary>
public static class FaultHandlers
{
    public static void Add(IServiceCollection services)
    {
        services.AddWorkHandler<StubbornHandler, StubbornPayload>(StubbornHandler.Kind);
    }
}
