using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Workflow.Api.Problems;

namespace Workflow.Api.Items;

/// <summary>A request body parsed as JSON, or the problem response that explains why it could not be.</summary>
internal sealed class RequestJson : IDisposable
{
    // System.Text.Json's own duplicate check (AllowDuplicateProperties = false) throws InvalidOperationException
    // on an undecodable name and reports no path, so JsonText.FindInvalid checks duplicates instead.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

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

        if (FindCharset(request) is { } charset && !IsUtf8(charset))
        {
            return new RequestJson(null, Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The request body must be UTF-8.",
                detail: $"The charset '{charset}' is not supported. Send the body as UTF-8, with no charset or charset=utf-8."));
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, DocumentOptions, cancellationToken);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is null or "$" ? "body" : ex.Path.TrimStart('$').TrimStart('.');
            var message = ex.LineNumber == 0 && ex.BytePositionInLine == 0 && ex.Message.Contains("isFinalBlock", StringComparison.Ordinal)
                ? "The body is empty. Send a JSON object."
                : $"The body is not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {Reason(ex)}";
            return new RequestJson(null, ApiProblems.Validation(field, message));
        }

        // Checking the whole body first means no later step decodes a name or string that throws, or reads one of
        // two duplicate properties where another reader would take the other.
        if (JsonText.FindInvalid(document.RootElement, "") is { } invalid)
        {
            document.Dispose();
            return new RequestJson(null, ApiProblems.Validation([invalid]));
        }

        return new RequestJson(document, null);
    }

    private static string? FindCharset(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.Charset.HasValue)
        {
            return null;
        }

        return contentType.Charset.Value!.Trim('"');
    }

    private static bool IsUtf8(string charset)
        => charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the parser's reason without its position suffix and its advice about reader options.</summary>
    private static string Reason(JsonException exception)
    {
        var message = exception.Message;
        foreach (var cut in new[] { " LineNumber: ", " Change the reader options." })
        {
            var index = message.IndexOf(cut, StringComparison.Ordinal);
            if (index >= 0)
            {
                message = message[..index];
            }
        }

        return message.Replace(" which is not supported in this mode", "", StringComparison.Ordinal).Trim();
    }

    public void Dispose() => Document?.Dispose();
}
