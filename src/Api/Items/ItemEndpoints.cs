using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Workflow.Api.Problems;
using Workflow.Api.Security;
using Workflow.Api.Security.RateLimiting;
using Workflow.Engine;
using Workflow.Engine.Handlers;
using Workflow.Engine.Model;
using Workflow.Persistence.Operations;
using Workflow.Persistence.Submission;

namespace Workflow.Api.Items;

/// <summary>
/// Routes for work items:
/// <list type="table">
/// <item><term>POST /api/v1/items</term><description>submit one item; 201, or 200 for a repeated idempotency key</description></item>
/// <item><term>POST /api/v1/items/batch</term><description>submit up to the batch limit in one transaction</description></item>
/// <item><term>GET /api/v1/items/{id}</term><description>one item with its attempts</description></item>
/// <item><term>GET /api/v1/items</term><description>a page of items, newest first, filtered by state, kind and queue</description></item>
/// <item><term>POST /api/v1/items/{id}/cancel</term><description>cancel a pending or running item</description></item>
/// <item><term>POST /api/v1/items/{id}/retry</term><description>retry a dead or cancelled item</description></item>
/// </list>
/// </summary>
internal static class ItemEndpoints
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static void MapItemEndpoints(this IEndpointRouteBuilder app)
    {
        var items = app.MapGroup("/api/v1/items").WithTags("Items")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        items.MapPost("/", SubmitAsync).WithName("SubmitItem").Accepts<SubmitItemRequest>("application/json")
            .Produces<WorkItemResponse>(StatusCodes.Status201Created).Produces<WorkItemResponse>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .AddEndpointFilter<SubmissionRejectionFilter>()
            .RequireAuthorization(ApiScopes.SubmitPolicy).RequireRateLimiting(SubmitRateLimiting.SubmitPolicy)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status429TooManyRequests);
        items.MapPost("/batch", SubmitBatchAsync).WithName("SubmitBatch").Accepts<SubmitBatchRequest>("application/json")
            .Produces<BatchResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .AddEndpointFilter<SubmissionRejectionFilter>()
            .RequireAuthorization(ApiScopes.SubmitPolicy).RequireRateLimiting(SubmitRateLimiting.SubmitPolicy)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status429TooManyRequests);
        items.MapGet("/{id:long}", GetAsync).WithName("GetItem")
            .Produces<WorkItemResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(ApiScopes.ReadPolicy);
        items.MapGet("/", ListAsync).WithName("ListItems").Produces<WorkItemPage>().ProducesValidationProblem()
            .RequireAuthorization(ApiScopes.ReadPolicy);
        items.MapPost("/{id:long}/cancel", CancelAsync).WithName("CancelItem")
            .Produces<WorkItemResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(ApiScopes.OperatePolicy);
        items.MapPost("/{id:long}/retry", RetryAsync).WithName("RetryItem")
            .Produces<WorkItemResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(ApiScopes.OperatePolicy);

        // Ids that are not whole numbers miss the routes above, so they get a problem naming the field, not a bare 404.
        items.MapGet("/{id}", InvalidId).ExcludeFromDescription().RequireAuthorization(ApiScopes.ReadPolicy);
        items.MapPost("/{id}/cancel", InvalidId).ExcludeFromDescription().RequireAuthorization(ApiScopes.OperatePolicy);
        items.MapPost("/{id}/retry", InvalidId).ExcludeFromDescription().RequireAuthorization(ApiScopes.OperatePolicy);
    }

    private static IResult InvalidId(string id)
        => ApiProblems.Validation("id", $"The id '{id}' is invalid. Work item ids are positive whole numbers.");

    private static async Task<IResult> SubmitAsync(
        HttpRequest request, SubmissionParser parser, WorkItemSubmitter submitter, WorkItemQueries queries,
        HandlerRegistry registry, IServiceProvider services, CancellationToken cancellationToken)
    {
        using var body = await RequestJson.ReadAsync(request, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var errors = new List<FieldError>();
        var item = parser.Parse(body.Document!.RootElement, "", errors);
        if (item is null)
        {
            return ApiProblems.Validation(errors);
        }

        IReadOnlyList<SubmittedItem> submitted;
        try
        {
            submitted = await submitter.SubmitAsync([item with { TraceParent = RequestTraceParent.Read(request) }], cancellationToken);
        }
        catch (IdempotencyConflictException ex)
        {
            return IdempotencyConflict(ex, "idempotencyKey");
        }

        var stored = await queries.GetAsync(submitted[0].Id, cancellationToken);
        var response = stored!.ToResponse(registry, services, withAttempts: true);
        return submitted[0].Created
            ? Results.Created($"/api/v1/items/{response.Id}", response)
            : Results.Ok(response);
    }

    private static async Task<IResult> SubmitBatchAsync(
        HttpRequest request, SubmissionParser parser, WorkItemSubmitter submitter, IOptions<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        using var body = await RequestJson.ReadAsync(request, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var root = body.Document!.RootElement;
        var maxBatch = options.Value.MaxBatchSize;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return ApiProblems.Validation("items", "Send a JSON object whose 'items' field is an array of items.");
        }

        var errors = new List<FieldError>();
        foreach (var property in root.EnumerateObject().Where(p => p.Name != "items"))
        {
            errors.Add(new FieldError(property.Name, "Unknown field. Allowed fields: items."));
        }

        var count = array.GetArrayLength();
        if (count == 0 || count > maxBatch)
        {
            errors.Add(new FieldError("items", $"A batch holds 1 to {maxBatch} items; this one has {count}."));
            return ApiProblems.Validation(errors);
        }

        var items = new List<NewWorkItem>(count);
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            if (parser.Parse(element, $"items[{index}]", errors) is { } item)
            {
                items.Add(item);
            }

            index++;
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var traceParent = RequestTraceParent.Read(request);
        IReadOnlyList<SubmittedItem> submitted;
        try
        {
            submitted = await submitter.SubmitAsync([.. items.Select(i => i with { TraceParent = traceParent })], cancellationToken);
        }
        catch (IdempotencyConflictException ex)
        {
            return IdempotencyConflict(ex, $"items[{ex.Index}].idempotencyKey");
        }

        var response = new BatchResponse([.. submitted.Select(s => new BatchItemResponse(s.Id, s.Created))]);
        return submitted.Any(s => s.Created) ? Results.Json(response, statusCode: StatusCodes.Status201Created) : Results.Ok(response);
    }

    private static async Task<IResult> GetAsync(
        long id, WorkItemQueries queries, HandlerRegistry registry, IServiceProvider services, CancellationToken cancellationToken)
    {
        var item = await queries.GetAsync(id, cancellationToken);
        return item is null ? ApiProblems.NotFound(id) : Results.Ok(item.ToResponse(registry, services, withAttempts: true));
    }

    private static readonly HashSet<string> ListParameters = new(StringComparer.Ordinal) { "state", "kind", "queue", "after", "limit" };

    private static async Task<IResult> ListAsync(
        HttpRequest request, string? state, string? kind, string? queue, string? after, string? limit,
        WorkItemQueries queries, HandlerRegistry registry, IServiceProvider services, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        foreach (var name in request.Query.Keys.Where(k => !ListParameters.Contains(k)))
        {
            errors.Add(new FieldError(name, $"Unknown query parameter. Allowed parameters: {string.Join(", ", ListParameters)}."));
        }

        if (state is not null && !StateNames.TryParseState(state, out _))
        {
            errors.Add(new FieldError("state",
                $"The state '{state}' is invalid. Give one state: pending, running, succeeded, dead or cancelled."));
        }

        if (kind is not null && !WorkItemNames.IsValidName(kind))
        {
            errors.Add(new FieldError("kind", $"The kind is not a valid name. {WorkItemNames.NameRule}"));
        }

        if (queue is not null && !WorkItemNames.IsValidName(queue))
        {
            errors.Add(new FieldError("queue", $"The queue is not a valid name. {WorkItemNames.NameRule}"));
        }

        long? cursor = null;
        if (after is not null)
        {
            if (long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
            {
                cursor = parsed;
            }
            else
            {
                errors.Add(new FieldError("after", "The after cursor must be the 'next' value of a previous page."));
            }
        }

        var pageSize = DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            errors.Add(new FieldError("limit", $"The limit must be a whole number from 1 to {MaxPageSize}."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var page = await queries.ListAsync(state, kind, queue, cursor, pageSize + 1, cancellationToken);
        var hasMore = page.Count > pageSize;
        var shown = page.Take(pageSize).Select(i => i.ToResponse(registry, services, withAttempts: false)).ToList();
        var next = hasMore ? shown[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return Results.Ok(new WorkItemPage(shown, next));
    }

    private static Task<IResult> CancelAsync(
        long id, WorkItemOperations operations, WorkItemQueries queries, HandlerRegistry registry, IServiceProvider services,
        CancellationToken cancellationToken)
        => ActionResultAsync(
            id, () => operations.CancelAsync(id, cancellationToken), "cancelled", "pending or running",
            queries, registry, services, cancellationToken);

    private static Task<IResult> RetryAsync(
        long id, WorkItemOperations operations, WorkItemQueries queries, HandlerRegistry registry, IServiceProvider services,
        CancellationToken cancellationToken)
        => ActionResultAsync(
            id, () => operations.RetryAsync(id, cancellationToken), "retried", "dead or cancelled",
            queries, registry, services, cancellationToken);

    /// <summary>Runs an operator action and turns its outcome into the item, a 404, or a 409 naming the state.</summary>
    private static async Task<IResult> ActionResultAsync(
        long id, Func<Task<OperationResult>> action, string verb, string allowed, WorkItemQueries queries,
        HandlerRegistry registry, IServiceProvider services, CancellationToken cancellationToken)
    {
        OperationResult result;
        try
        {
            result = await action();
        }
        catch (ConcurrentChangeException ex)
        {
            return ApiProblems.Conflict("The work item changed concurrently.", ex.Message);
        }

        if (!result.Found)
        {
            return ApiProblems.NotFound(id);
        }

        if (!result.Applied)
        {
            return ApiProblems.Conflict(
                $"The work item cannot be {verb}.",
                $"Work item {id} is {result.PreviousState}; only {allowed} items can be {verb}.",
                new Dictionary<string, object?> { ["state"] = result.PreviousState });
        }

        var item = await queries.GetAsync(id, cancellationToken);
        return item is null ? ApiProblems.NotFound(id) : Results.Ok(item.ToResponse(registry, services, withAttempts: true));
    }

    private static IResult IdempotencyConflict(IdempotencyConflictException ex, string field) => ApiProblems.Conflict(
        "The idempotency key is already used by a different request.",
        ex.Message,
        new Dictionary<string, object?> { ["field"] = field, ["existingId"] = ex.ExistingId });
}
