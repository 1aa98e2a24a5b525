using MySqlRender.Output;

namespace MySqlRender.Rendering.Filters;

/// <summary>
/// <c>yaml</c>: any value (string, number, boolean, null, list, map) as a YAML flow node that reads back as exactly
/// that value and cannot change the structure around it. The only way values reach a template's output.
/// </summary>
public sealed class YamlFilter : PipeFilter
{
    protected override string Apply(object? value) => TemplateValues.Write(value, YamlScalar.Quote);
}
