using System.Text.RegularExpressions;

namespace Workflow.Engine;

/// <summary>The rule shared by kind and queue names.</summary>
public static partial class WorkItemNames
{
    public const int MaxLength = 100;

    public const string NameRule =
        "Use 1 to 100 characters: letters, digits, '.', '_', ':' and '-', starting with a letter or digit.";

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
