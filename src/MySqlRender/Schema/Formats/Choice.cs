using MySqlRender.Shared;

namespace MySqlRender.Schema.Formats;

/// <summary>A value that must be one of a few words (case-sensitive, as Kubernetes enums are).</summary>
public static class Choice
{
    public static ValueFormat Of(params string[] words) => new(
        "one-of-" + string.Join('-', words),
        "one of " + string.Join(", ", words),
        text => words.Contains(text) ? null
            : $"'{text}' is not one of {string.Join(", ", words)}"
              + (DidYouMean.Closest(text, words) is { } close ? $"; did you mean {close}?" : ""),
        "^(" + string.Join('|', words) + ")$");
}
