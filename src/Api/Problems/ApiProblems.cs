using Workflow.Api.Items;

namespace Workflow.Api.Problems;

/// <summary>RFC 9457 problem details for the API's errors.</summary>
internal static class ApiProblems
{
    /// <summary>400 with one entry per invalid field under <c>errors</c>, keyed by the field's JSON path.</summary>
    public static IResult Validation(IReadOnlyList<FieldError> errors)
    {
        var byField = errors
            .GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        var first = errors[0];
        var detail = errors.Count == 1
            ? $"{Describe(first.Field)}: {first.Message}"
            : $"{errors.Count} fields are invalid; the first is {Describe(first.Field)}: {first.Message}";
        return Results.ValidationProblem(byField, detail: detail, title: "The request is invalid.");
    }

    public static IResult Validation(string field, string message) => Validation([new FieldError(field, message)]);

    public static IResult NotFound(long id) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "The work item was not found.",
        detail: $"No work item has id {id}.");

    public static IResult Conflict(string title, string detail, IDictionary<string, object?>? extensions = null) => Results.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: title,
        detail: detail,
        extensions: extensions);

    private static string Describe(string field) => field.Length == 0 ? "the request body" : $"'{field}'";
}
