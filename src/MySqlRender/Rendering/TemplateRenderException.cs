using Scriban.Parsing;

namespace MySqlRender.Rendering;

/// <summary>A template failed while rendering; <see cref="Span"/> names the template file (or partial), line and column.</summary>
public sealed class TemplateRenderException(SourceSpan span, string message) : Exception(message)
{
    public SourceSpan Span { get; } = span;
}
