using Workflow.Engine.Retry;

namespace Workflow.Tests.Unit.Retry;

public sealed class StoredTextTests
{
    private const string Mark = "… [truncated]";
    private const string Emoji = "\U0001F600";

    // Attribute arguments and discovered theory rows are stored as UTF-8, which cannot hold a lone surrogate, so
    // these rows are built when the tests run.
    public static TheoryData<string, string> UnstorableTexts { get; } = new()
    {
        { "a\0b", "a\uFFFDb" },
        { "\0", "\uFFFD" },
        { "a\uD800b", "a\uFFFDb" },
        { "ab\uD800", "ab\uFFFD" },
        { "a\uDC00b", "a\uFFFDb" },
        { "\uDC00\uD800", "\uFFFD\uFFFD" },
        { "a" + Emoji + "b", "a" + Emoji + "b" },
        { "plain text", "plain text" },
        { "", "" },
    };

    public static TheoryData<string, bool> StorableTexts { get; } = new()
    {
        { "a\0b", false },
        { "a\uD800", false },
        { "\uDC00a", false },
        { "a" + Emoji, true },
        { "", true },
    };

    [Theory]
    [MemberData(nameof(UnstorableTexts), DisableDiscoveryEnumeration = true)]
    public void Clean_ShortText_ReplacesUnstorableCharacters(string text, string expected)
    {
        Assert.Equal(expected, StoredText.Clean(text, 100));
    }

    [Theory]
    [MemberData(nameof(StorableTexts), DisableDiscoveryEnumeration = true)]
    public void IsStorable_DetectsNulAndLoneSurrogates(string text, bool storable)
    {
        Assert.Equal(storable, StoredText.IsStorable(text));
    }

    [Fact]
    public void Clean_PairAtCutPoint_IsDroppedWhole()
    {
        // The cut falls between the two halves of the emoji: it keeps 20 - 13 = 7 characters.
        var text = "abcdef" + Emoji + new string('z', 50);

        var cleaned = StoredText.Clean(text, 20);

        Assert.Equal("abcdef" + Mark, cleaned);
        Assert.True(StoredText.IsStorable(cleaned));
    }

    [Fact]
    public void Clean_PairJustBeforeCutPoint_IsKept()
    {
        var text = "abcde" + Emoji + new string('z', 50);

        var cleaned = StoredText.Clean(text, 20);

        Assert.Equal("abcde" + Emoji + Mark, cleaned);
    }

    [Fact]
    public void Clean_TenMegabyteText_IsCutToLimit()
    {
        var text = new string('x', 10 * 1024 * 1024);

        var cleaned = StoredText.Clean(text, 8192);

        Assert.Equal(8192, cleaned.Length);
        Assert.EndsWith(Mark, cleaned, StringComparison.Ordinal);
        Assert.Equal(new string('x', 8192 - Mark.Length), cleaned[..^Mark.Length]);
    }

    [Fact]
    public void Clean_TextAtLimit_IsUnchanged()
    {
        var text = new string('x', 64);

        Assert.Equal(text, StoredText.Clean(text, 64));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(12)]
    public void Clean_LimitShorterThanMark_StaysWithinLimit(int maxLength)
    {
        var cleaned = StoredText.Clean(new string('x', 100), maxLength);

        Assert.Equal(new string('x', maxLength), cleaned);
    }
}
