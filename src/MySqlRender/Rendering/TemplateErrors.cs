using MySqlRender.Input;
using Scriban.Parsing;

namespace MySqlRender.Rendering;

/// <summary>Scriban positions (0-based line and column in a <see cref="SourceSpan"/>) as a <see cref="SourcePosition"/>.</summary>
public static class TemplateErrors
{
    public static SourcePosition PositionOf(SourceSpan span) => new(span.Start.Line + 1, span.Start.Column + 1);
}
