using MySqlRender.Shared;

namespace MySqlRender.Rendering.Filters;

/// <summary>
/// <c>yaml</c>: any value (string, number, boolean, null, list, map) as a YAML flow node that reads back as exactly
/// that value and cannot change the structure around it. The only way values reach a template's output.
/// A container script of the template set becomes its token (<see cref="StaticTexts"/>), a plain scalar the
/// parse-back check replaces by the script's text.
/// </summary>
public sealed class YamlFilter(StaticTexts? statics = null) : PipeFilter
{
    protected override string Apply(object? value) => TemplateValues.Write(value, Quote);

    private string Quote(string text) => statics?.TokenOf(text) ?? YamlScalar.Quote(text);
}
