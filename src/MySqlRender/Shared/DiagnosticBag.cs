
namespace MySqlRender.Shared;

/// <summary>Collects diagnostics so that every problem is reported, not only the first.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> items = [];

    public bool HasErrors => items.Exists(d => d.IsError);

    public int Count => items.Count;

    /// <summary>In the order they were added.</summary>
    public IReadOnlyList<Diagnostic> Items => items;

    public void Add(Diagnostic diagnostic) => items.Add(diagnostic);

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => items.AddRange(diagnostics);

    public void Error(string file, SourcePosition at, string code, string subject, string message, string? hint = null) =>
        items.Add(new Diagnostic(file, at, Severity.Error, code, subject, message, hint));

    public void Warning(string file, SourcePosition at, string code, string subject, string message, string? hint = null) =>
        items.Add(new Diagnostic(file, at, Severity.Warning, code, subject, message, hint));

    /// <summary>Stable order: by file, line, column, then code and message.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. items.Distinct()
            .OrderBy(d => d.File, StringComparer.Ordinal)
            .ThenBy(d => d.Position.Line)
            .ThenBy(d => d.Position.Column)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)];
}
