namespace Workflow.Api.Security;

/// <summary>
/// The scopes an API key can hold and the authorization policies that require them. <c>submit</c> covers
/// <c>POST /api/v1/items</c> and the batch route; <c>read</c> covers every GET under <c>/api/v1</c>;
/// <c>operate</c> covers cancel and retry, and includes <c>read</c> because an operator looks at an item before
/// acting on it and every action returns the item.
/// </summary>
public static class ApiScopes
{
    public const string Submit = "submit";
    public const string Read = "read";
    public const string Operate = "operate";

    /// <summary>Claim type of one granted scope.</summary>
    public const string ClaimType = "workflow:scope";

    public const string SubmitPolicy = "workflow.api.submit";
    public const string ReadPolicy = "workflow.api.read";
    public const string OperatePolicy = "workflow.api.operate";

    public static IReadOnlyList<string> All { get; } = [Submit, Read, Operate];

    /// <summary>Returns whether <paramref name="granted"/> allows <paramref name="required"/>: itself, or read through operate.</summary>
    public static bool Allows(IEnumerable<string> granted, string required)
        => granted.Any(scope => scope == required || (scope == Operate && required == Read));

    /// <summary>
    /// Parses a comma-separated scope list such as <c>submit,read</c>. Returns null and adds a message to
    /// <paramref name="errors"/> for each unknown or missing scope.
    /// </summary>
    public static string[]? Parse(string? list, List<string> errors)
    {
        var scopes = (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (scopes.Length == 0)
        {
            errors.Add($"Give at least one scope: {string.Join(", ", All)}.");
            return null;
        }

        var unknown = scopes.Where(s => !All.Contains(s)).ToList();
        foreach (var scope in unknown)
        {
            errors.Add($"The scope '{scope}' is unknown. Valid scopes: {string.Join(", ", All)}.");
        }

        return unknown.Count == 0 ? [.. scopes.Distinct()] : null;
    }
}
