using System.Text;

namespace MySqlRender.Rendering.Filters;

/// <summary><c>b64</c>: the UTF-8 bytes of a string, base64-encoded, for a Secret's <c>data</c>.</summary>
public sealed class Base64Filter : PipeFilter
{
    protected override string Apply(object? value) => value is string text
        ? Convert.ToBase64String(Encoding.UTF8.GetBytes(text))
        : throw new ArgumentException($"b64 needs a string, got {TemplateValues.Describe(value)}");
}
