using Workflow.Engine.Metrics;

namespace Workflow.Api.Problems;

/// <summary>
/// Fills in the 415 problem that routing returns, before any endpoint runs, for a POST whose Content-Type the route
/// does not accept. The bare problem named no fix, and its submit requests went uncounted, because the submit
/// endpoint's rejection filter never ran.
/// </summary>
internal static class UnsupportedMediaTypeProblems
{
    public static void Customize(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Status != StatusCodes.Status415UnsupportedMediaType || context.ProblemDetails.Detail is not null)
        {
            return;
        }

        var http = context.HttpContext;
        var sent = string.IsNullOrEmpty(http.Request.ContentType) ? "no Content-Type" : $"Content-Type '{http.Request.ContentType}'";
        context.ProblemDetails.Title = "The request body must be JSON.";
        context.ProblemDetails.Detail = $"The request was sent with {sent}. Send the body as JSON with 'Content-Type: application/json'.";

        // The endpoints' own 415 problems carry a detail and were counted by their filter, so they returned above.
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.Path.StartsWithSegments("/api/v1/items", StringComparison.Ordinal))
        {
            http.RequestServices.GetRequiredService<WorkflowMetrics>().SubmissionRejected(RejectionReasons.Validation);
        }
    }
}
