using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Workflow.Engine.Handlers;
using Workflow.Engine.Model;
using Workflow.Engine.Retry;

namespace Workflow.Api.Handlers.Http;

/// <summary>
/// The <c>http.request</c> kind: sends one HTTP request. A 2xx response succeeds and stores the status and
/// an excerpt of the body. 408, 429, 5xx, connection failures and timeouts are retried, honouring
/// <c>Retry-After</c>. 401, 403 and 407 fail as security errors, as do denied destinations, and other statuses
/// (other 4xx, and 1xx or 3xx left after redirects) fail permanently.
/// </summary>
public sealed partial class HttpRequestHandler(
    IHttpClientFactory clients,
    IOptions<HttpRequestKindOptions> options,
    TimeProvider timeProvider,
    ILogger<HttpRequestHandler> logger) : IWorkHandler<HttpRequestPayload>
{
    public const string Kind = "http.request";
    public const string ClientName = "workflow.http.request";

    /// <summary>Result stored for a 2xx response.</summary>
    public sealed record Result(int Status, string Body, bool BodyTruncated, double ElapsedMs);

    public async Task<object?> HandleAsync(HttpRequestPayload payload, WorkContext context, CancellationToken cancellationToken)
    {
        using var request = BuildRequest(payload);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(payload.TimeoutSeconds));

        var url = HttpRequestRedactor.RedactUrl(payload.Url);
        var started = timeProvider.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WorkFailedException(ErrorCategory.Timeout,
                $"{payload.Method} {url} timed out after {payload.TimeoutSeconds} s without a response.", innerException: ex);
        }
        catch (HttpRequestException ex) when (FindDenied(ex) is { } denied)
        {
            LogDenied(logger, context.WorkItemId, context.Kind, context.Attempt, context.NodeId, url);
            throw new WorkFailedException(ErrorCategory.Security, denied.Message, innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new WorkFailedException(ErrorCategory.Transient,
                $"{payload.Method} {url} failed before a response: {ex.Message}", innerException: ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var (body, truncated) = await ReadExcerptAsync(response, timeout.Token);
            var elapsedMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
            LogResponse(logger, context.WorkItemId, context.Kind, context.Attempt, context.NodeId, payload.Method, url, status, elapsedMs);

            if (status is >= 200 and < 300)
            {
                return new Result(status, body, truncated, elapsedMs);
            }

            var message = $"{payload.Method} {url} returned {status} {response.ReasonPhrase}.";
            var category = ErrorClassifier.ForHttpStatus(status) ?? ErrorCategory.Permanent;
            var retryAfter = ErrorClassifier.IsRetried(category) ? RetryAfter(response) : null;
            throw new WorkFailedException(category, message, retryAfter);
        }
    }

    private static HttpRequestMessage BuildRequest(HttpRequestPayload payload)
    {
        var request = new HttpRequestMessage(new HttpMethod(payload.Method.ToUpperInvariant()), payload.Url);
        if (payload.Body is { } body && body.ValueKind != JsonValueKind.Null && body.ValueKind != JsonValueKind.Undefined)
        {
            request.Content = body.ValueKind == JsonValueKind.String
                ? new StringContent(body.GetString()!, Encoding.UTF8, "text/plain")
                : new StringContent(body.GetRawText(), Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in payload.Headers ?? [])
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    private async Task<(string Body, bool Truncated)> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxBodyExcerptBytes;
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[limit + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var truncated = read > limit;
        var length = Math.Min(read, limit);

        // A cut body is decoded without a flush, so the decoder keeps back a multi-byte character that the cut
        // splits instead of turning its first bytes into U+FFFD.
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(length)];
        var count = decoder.GetChars(buffer, 0, length, chars, 0, flush: !truncated);
        var text = new string(chars, 0, count);
        return (Engine.Retry.StoredText.Clean(text, limit), truncated);
    }

    /// <summary>Reads Retry-After as seconds or as an HTTP date; null when absent or in the past.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta && delta >= TimeSpan.Zero)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static DestinationDeniedException? FindDenied(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DestinationDeniedException denied)
            {
                return denied;
            }
        }

        return null;
    }

    [LoggerMessage(3000, LogLevel.Information, "Work item {WorkItemId} ({Kind}) attempt {Attempt} on node {NodeId}: {Method} {Url} returned {Status} in {ElapsedMs} ms")]
    private static partial void LogResponse(ILogger logger, long workItemId, string kind, int attempt, Guid nodeId, string method, string url, int status, double elapsedMs);

    [LoggerMessage(3001, LogLevel.Warning, "Work item {WorkItemId} ({Kind}) attempt {Attempt} on node {NodeId}: the destination of {Url} is denied")]
    private static partial void LogDenied(ILogger logger, long workItemId, string kind, int attempt, Guid nodeId, string url);
}
