namespace Workflow.Engine.Options;

/// <summary>Range checks shared by the options validators; each failure is added to a list, so all are reported at once.</summary>
internal static class OptionChecks
{
    /// <summary>Adds a failure naming <paramref name="name"/> unless <paramref name="value"/> is within [min, max].</summary>
    public static void Range<T>(List<string> failures, string name, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"{name} is {value}; it must be between {min} and {max}.");
        }
    }
}
