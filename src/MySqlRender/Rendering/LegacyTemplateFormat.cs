using System.Text.RegularExpressions;
using MySqlRender.Input;

namespace MySqlRender.Rendering;

/// <summary>
/// Recognises an override written for mysqlrender 0.1, whose templates were Liquid (<c>*.yaml.liquid</c>, <c>{% if %}</c>,
/// <c>{{ x | filter: arg }}</c>). Since 0.2 they are Scriban; such a file would otherwise fail with a confusing
/// parse error, or worse, be ignored.
/// </summary>
public static partial class LegacyTemplateFormat
{
    public const string Hint = "templates are Scriban since mysqlrender 0.2: start from the embedded template of the same name "
        + "(`mysqlrender` repository, templates/*.yaml.sbn) and see CHANGELOG.md, 0.2.0, for the syntax changes";

    /// <summary>Where the file shows it is Liquid, and how; null when it does not.</summary>
    public static (SourcePosition At, string What)? Find(string name, string text)
    {
        if (name.EndsWith(".liquid", StringComparison.Ordinal))
        {
            return (SourcePosition.Start, $"'{name}' is a Liquid template (mysqlrender 0.1)");
        }
        if (LiquidTag().Match(text) is { Success: true } tag)
        {
            return (PositionOf(text, tag.Index), $"'{tag.Value.Trim()}' is a Liquid tag (mysqlrender 0.1); Scriban writes statements inside {{{{ }}}}, e.g. {{{{ if x }}}} ... {{{{ end }}}}");
        }
        if (LiquidFilterArgument().Match(text) is { Success: true } filter)
        {
            return (PositionOf(text, filter.Index), $"'{filter.Value}' is a Liquid filter argument (mysqlrender 0.1); Scriban passes arguments without ':', e.g. {{{{ x | string.append 'y' }}}}");
        }
        return null;
    }

    private static SourcePosition PositionOf(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourcePosition(line, index - lineStart + 1);
    }

    /// <summary><c>{% ... %}</c>, but not Scriban's escape block <c>{%{ ... }%}</c>.</summary>
    [GeneratedRegex(@"\{%-?(?!\{)\s*[a-z]+")]
    private static partial Regex LiquidTag();

    /// <summary><c>{{ x | filter: arg }}</c>: a filter name followed by a colon inside one code block.</summary>
    [GeneratedRegex(@"\{\{[^}]*?\|\s*[A-Za-z_][A-Za-z0-9_.]*\s*:")]
    private static partial Regex LiquidFilterArgument();
}
