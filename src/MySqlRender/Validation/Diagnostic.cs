using MySqlRender.Input;

namespace MySqlRender.Validation;

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
        var subject = Subject.Length > 0 ? Subject + ": " : "";
        var hint = Hint is null ? "" : $" ({Hint})";
        return $"{File}:{Position.Line}:{Position.Column}: {severity} {Code}: {subject}{Message}{hint}";
    }
}
