using System.Globalization;
using System.Text.Json;

namespace Workflow.Api.Items;

/// <summary>
/// Checks the numbers of a payload against how PostgreSQL stores them. jsonb keeps each number as numeric and
/// prints it in full, so the 7 bytes of <c>1e100000</c> come back as 100,001 digits.
/// </summary>
internal static class JsonNumbers
{
    /// <summary>The largest decimal exponent magnitude accepted, that of <see cref="double.MaxValue"/>.</summary>
    public const int MaxExponent = 308;

    /// <summary>
    /// Returns an error for the first number that is not a finite double or whose decimal exponent, as written
    /// or after normalizing to one leading digit, is beyond ±<see cref="MaxExponent"/>; null when every number
    /// fits. Adds to <paramref name="extraBytes"/> how many bytes each number's full decimal text (its mantissa's
    /// characters plus the magnitude of its exponent) exceeds its JSON text.
    /// </summary>
    public static FieldError? FindInvalid(JsonElement element, string path, ref long extraBytes)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                var text = element.GetRawText();
                if (!element.TryGetDouble(out var value) || !double.IsFinite(value) || !TryMeasure(text, out var expanded))
                {
                    var excerpt = text.Length <= 40 ? text : $"{text[..20]}...{text[^12..]}";
                    return new FieldError(path,
                        $"The number {excerpt} is out of range. Send numbers that a double can hold, with a decimal " +
                        $"exponent from -{MaxExponent} to {MaxExponent}.");
                }

                extraBytes += Math.Max(0, expanded - text.Length);
                return null;

            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindInvalid(item, $"{path}[{index}]", ref extraBytes) is { } found)
                    {
                        return found;
                    }

                    index++;
                }

                return null;

            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (FindInvalid(property.Value, $"{path}.{property.Name}", ref extraBytes) is { } found)
                    {
                        return found;
                    }
                }

                return null;

            default:
                return null;
        }
    }

    /// <summary>
    /// Reads a JSON number's text (already valid JSON) and returns false when an exponent is out of range, or
    /// true with the length of its full decimal text.
    /// </summary>
    private static bool TryMeasure(string text, out long expanded)
    {
        expanded = 0;
        var exponentAt = text.IndexOfAny(['e', 'E']);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var exponent = 0L;
        if (exponentAt >= 0)
        {
            // More than 9 exponent digits is out of range whatever they are, and would overflow the parse.
            var exponentText = text[(exponentAt + 1)..].TrimStart('+');
            if (exponentText.TrimStart('-').Length > 9)
            {
                return false;
            }

            exponent = long.Parse(exponentText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        var unsigned = mantissa.TrimStart('-');
        var point = unsigned.IndexOf('.', StringComparison.Ordinal);
        var integerPart = point < 0 ? unsigned : unsigned[..point];
        var fractionPart = point < 0 ? "" : unsigned[(point + 1)..];

        // The exponent with one nonzero digit before the point: 123e5 and 0.00123e10 are both 1.23e7.
        var normalized = exponent;
        var firstInteger = integerPart.AsSpan().IndexOfAnyExcept('0');
        var firstFraction = fractionPart.AsSpan().IndexOfAnyExcept('0');
        if (firstInteger >= 0)
        {
            normalized += integerPart.Length - 1 - firstInteger;
        }
        else if (firstFraction >= 0)
        {
            normalized -= firstFraction + 1;
        }

        if (Math.Abs(exponent) > MaxExponent || Math.Abs(normalized) > MaxExponent)
        {
            return false;
        }

        expanded = mantissa.Length + Math.Abs(exponent);
        return true;
    }
}
