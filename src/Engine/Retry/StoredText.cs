using System.Text;

namespace Workflow.Engine.Retry;

/// <summary>
/// Makes text safe to store in PostgreSQL: NUL characters (which <c>text</c> and <c>jsonb</c> reject) and
/// unpaired UTF-16 surrogates become U+FFFD, and the result is cut to a maximum length without splitting a
/// surrogate pair.
/// </summary>
public static class StoredText
{
    private const char Replacement = '\uFFFD';
    private const string TruncationMark = "… [truncated]";

    /// <summary>
    /// Returns the text with NUL and unpaired surrogates replaced, at most <paramref name="maxLength"/> characters
    /// long. Cut text ends with a truncation mark unless the limit is shorter than the mark, and a surrogate
    /// pair that would be split by the cut is left out whole.
    /// </summary>
    public static string Clean(string text, int maxLength)
    {
        maxLength = Math.Max(0, maxLength);
        var truncated = text.Length > maxLength;
        var mark = truncated && maxLength >= TruncationMark.Length ? TruncationMark : "";
        var limit = truncated ? maxLength - mark.Length : text.Length;
        var builder = new StringBuilder(maxLength);
        for (var i = 0; i < limit; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                builder.Append(Replacement);
            }
            else if (char.IsHighSurrogate(c))
            {
                if (i + 1 < limit && char.IsLowSurrogate(text[i + 1]))
                {
                    builder.Append(c).Append(text[i + 1]);
                    i++;
                }
                else if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    // A valid pair that the cut would split: leave it out rather than store half of it.
                    break;
                }
                else
                {
                    builder.Append(Replacement);
                }
            }
            else if (char.IsLowSurrogate(c))
            {
                builder.Append(Replacement);
            }
            else
            {
                builder.Append(c);
            }
        }

        if (truncated)
        {
            builder.Append(mark);
        }

        return builder.ToString();
    }

    /// <summary>Returns true when PostgreSQL can store the text as it is: no NUL and no unpaired surrogate.</summary>
    public static bool IsStorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsLowSurrogate(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }
}
