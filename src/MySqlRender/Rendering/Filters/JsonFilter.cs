using System.Text.Json;

namespace MySqlRender.Rendering.Filters;

/// <summary>
/// <c>json</c>: a value as compact JSON. JSON is also a YAML flow node, so an override template may use it where it
/// would use <c>yaml</c>.
/// </summary>
public sealed class JsonFilter : PipeFilter
{
    protected override string Apply(object? value) => TemplateValues.Write(value, text => JsonSerializer.Serialize(text, TemplateJson.Default.String));
}
