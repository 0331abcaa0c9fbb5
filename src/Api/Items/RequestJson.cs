using System.Text.Json;
using Workflow.Api.Problems;

namespace Workflow.Api.Items;

/// <summary>A request body parsed as JSON, or the problem response that explains why it could not be.</summary>
internal sealed class RequestJson : IDisposable
{
    private RequestJson(JsonDocument? document, IResult? error)
    {
        Document = document;
        Error = error;
    }

    public JsonDocument? Document { get; }

    public IResult? Error { get; }

    public static async Task<RequestJson> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return new RequestJson(null, Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The request body must be JSON.",
                detail: "Send the body with Content-Type: application/json."));
        }

        try
        {
            var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 64 }, cancellationToken);
            return new RequestJson(document, null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is null or "$" ? "body" : ex.Path.TrimStart('$').TrimStart('.');
            return new RequestJson(null, ApiProblems.Validation(field, $"The body is not valid JSON: {ex.Message}"));
        }
    }

    public void Dispose() => Document?.Dispose();
}
