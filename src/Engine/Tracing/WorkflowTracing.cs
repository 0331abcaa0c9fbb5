using System.Diagnostics;
using System.Globalization;
using Workflow.Engine.Model;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Tracing;

/// <summary>
/// The engine's <see cref="ActivitySource"/>: one span per attempt, named <c>workflow.attempt</c>. Each span is the
/// root of a trace of its own and links to the span of the request that submitted the item, when the submitter
/// stored its W3C <c>traceparent</c>. A link rather than a parent, because an item can run long after its
/// submission, and several times, and each attempt then gets a trace of its own instead of stretching the
/// request's trace over hours.
/// </summary>
public static class WorkflowTracing
{
    /// <summary>Name of the activity source to listen to, for example with OpenTelemetry's <c>AddSource</c>.</summary>
    public const string SourceName = "Workflow";

    /// <summary>Operation name of the attempt span.</summary>
    public const string AttemptActivityName = "workflow.attempt";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the span of an attempt, or returns null when nothing listens to <see cref="SourceName"/>.</summary>
    internal static Activity? StartAttempt(LeasedItem item, Guid nodeId)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityLink[]? links = null;
        if (item.TraceParent is { } traceParent && ActivityContext.TryParse(traceParent, null, out var submitted))
        {
            links = [new ActivityLink(submitted)];
        }

        // A worker's task may have inherited an ambient activity from whatever started the node; the attempt
        // must not become its child. The change stays inside this call's async flow.
        Activity.Current = null;
        var activity = Source.StartActivity(AttemptActivityName, ActivityKind.Consumer, parentContext: default, links: links);
        if (activity is null)
        {
            return null;
        }

        activity.DisplayName = $"{item.Kind} attempt";
        activity.SetTag("workflow.item.id", item.Id);
        activity.SetTag("workflow.item.kind", item.Kind);
        activity.SetTag("workflow.item.queue", item.Queue);
        activity.SetTag("workflow.attempt.number", item.Attempt);
        activity.SetTag("workflow.node.id", nodeId.ToString());
        return activity;
    }

    /// <summary>Adds the attempt's outcome; failed, timed out and abandoned attempts get an error status.</summary>
    internal static void SetOutcome(Activity? activity, AttemptRecord record)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("workflow.attempt.outcome", record.Outcome.ToName());
        activity.SetTag("workflow.item.next_state", record.NextState.ToName());
        if (record.Error is { } error)
        {
            activity.SetTag("workflow.error.category", error.Category.ToName());
        }

        if (record.CountsAsFailure)
        {
            // The error message can quote payload data, so only the error's type goes into the span.
            var type = record.Error?.Type ?? record.Outcome.ToName();
            activity.SetTag("error.type", type);
            activity.SetStatus(ActivityStatusCode.Error, type);
        }
    }

    /// <summary>Marks the span of an attempt whose run threw instead of returning a record.</summary>
    internal static void SetException(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        var type = exception.GetType().FullName ?? exception.GetType().Name;
        activity.SetTag("error.type", type);
        activity.SetStatus(ActivityStatusCode.Error, type);
    }

    /// <summary>Formats an activity's context as a W3C <c>traceparent</c> header value.</summary>
    public static string FormatTraceParent(ActivityContext context)
    {
        var flags = (context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00";
        return string.Create(CultureInfo.InvariantCulture, $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{flags}");
    }
}
