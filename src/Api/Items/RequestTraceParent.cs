using System.Diagnostics;
using Workflow.Engine.Tracing;

namespace Workflow.Api.Items;

/// <summary>Reads the W3C <c>traceparent</c> to store with submitted items, so attempt spans can link to the request.</summary>
internal static class RequestTraceParent
{
    /// <summary>
    /// Returns the context of the request's own span when ASP.NET Core created one, else the request's valid
    /// <c>traceparent</c> header, else null. Either way it is stored in the 55-character version 00 form.
    /// </summary>
    public static string? Read(HttpRequest request)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            return WorkflowTracing.FormatTraceParent(activity.Context);
        }

        if (request.Headers.TryGetValue("traceparent", out var values)
            && values.Count == 1
            && ActivityContext.TryParse(values[0], null, out var context))
        {
            return WorkflowTracing.FormatTraceParent(context);
        }

        return null;
    }
}
