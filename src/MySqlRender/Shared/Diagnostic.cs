
namespace MySqlRender.Shared;

/// <summary>One problem found in the input, with where it is and what to do about it.</summary>
/// <param name="Subject">What it is about, e.g. <c>MySQL/mysql-instance spec.storage_size</c>; may be empty.</param>
public sealed record Diagnostic(
    string File,
    SourcePosition Position,
    Severity Severity,
    string Code,
    string Subject,
    string Message,
    string? Hint = null)
{
    public bool IsError => Severity == Severity.Error;

    /// <summary>The compiler-style line that editors and CI systems annotate: <c>path:line:col: error CODE: ...</c>.</summary>
    public override string ToString()
    {
        var severity = Severity.ToString().ToLowerInvariant();
        var subject = Subject.Length > 0 ? Shorten(Subject, 160) + ": " : "";
        var hint = Hint is null ? "" : $" ({Shorten(Hint, 300)})";
        return Printable($"{File}:{Position.Line}:{Position.Column}: {severity} {Code}: {subject}{Shorten(Message, 1200)}{hint}");
    }

    /// <summary>Messages quote values, which may be megabytes long: one diagnostic stays one readable line.</summary>
    private static string Shorten(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max / 2), $"...({text.Length - max} characters)...", text.AsSpan(text.Length - max / 2));

    /// <summary>
    /// Messages quote user values: a newline or terminal escape inside one must not forge another diagnostic line
    /// or recolour the terminal, so control characters are shown escaped.
    /// </summary>
    private static string Printable(string line)
    {
        if (!line.Any(char.IsControl))
        {
            return line;
        }
        var builder = new System.Text.StringBuilder(line.Length + 16);
        foreach (var c in line)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }
}
