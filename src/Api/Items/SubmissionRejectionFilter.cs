using Workflow.Engine.Metrics;

namespace Workflow.Api.Items;

/// <summary>
/// Counts the submit requests that the API rejects in <c>workflow.submissions.rejected</c>, by the status code of
/// the problem response: 400 and 415 as <see cref="RejectionReasons.Validation"/>, 409 as
/// <see cref="RejectionReasons.IdempotencyConflict"/>, and a body over the server's size limit (413) as
/// <see cref="RejectionReasons.TooLarge"/>.
/// </summary>
internal sealed class SubmissionRejectionFilter(WorkflowMetrics metrics) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        object? result;
        try
        {
            result = await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            metrics.SubmissionRejected(RejectionReasons.TooLarge);
            throw;
        }

        if (result is IStatusCodeHttpResult { StatusCode: { } status } && ReasonFor(status) is { } reason)
        {
            metrics.SubmissionRejected(reason);
        }

        return result;
    }

    private static string? ReasonFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest or StatusCodes.Status415UnsupportedMediaType => RejectionReasons.Validation,
        StatusCodes.Status409Conflict => RejectionReasons.IdempotencyConflict,
        StatusCodes.Status413PayloadTooLarge => RejectionReasons.TooLarge,
        _ => null,
    };
}
