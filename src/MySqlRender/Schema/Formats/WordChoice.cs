using MySqlRender.Shared;
namespace MySqlRender.Schema.Formats;

/// <summary>A string that must be one of a few words, e.g. <c>auto | local | s3</c>.</summary>
public static class WordChoice
{
    public static ValueFormat Words(string name, params string[] words) => new(name, "one of " + string.Join(", ", words),
        text => words.Contains(text, StringComparer.Ordinal) ? null
            : $"'{text}' is not one of {string.Join(", ", words)}" + (DidYouMean.Closest(text, words) is { } close ? $" (did you mean {close}?)" : ""),
        "^(" + string.Join("|", words) + ")$", words.Max(w => w.Length));
}
