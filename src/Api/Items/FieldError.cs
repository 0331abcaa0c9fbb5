namespace Workflow.Api.Items;

/// <summary>One invalid field of a request, named by its JSON path (for example <c>items[2].priority</c>).</summary>
public sealed record FieldError(string Field, string Message);
