using System.Collections;
using System.Globalization;

namespace MySqlRender.Rendering.Filters;

/// <summary>
/// Writes a view-model value (what <see cref="ViewModelBuilder"/> builds, or what a template assembles from it) as a
/// flow node: JSON-shaped, with strings written by the given quoting function. Maps keep their order.
/// </summary>
public static class TemplateValues
{
    public static string Write(object? value, Func<string, string> quote) => value switch
    {
        null => "null",
        bool boolean => boolean ? "true" : "false",
        string text => quote(text),
        int or long or decimal or double => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        IDictionary<string, object?> map => "{" + string.Join(", ", map.Select(e => $"{quote(e.Key)}: {Write(e.Value, quote)}")) + "}",
        IList list => "[" + string.Join(", ", list.Cast<object?>().Select(item => Write(item, quote))) + "]",
        _ => throw new ArgumentException($"cannot write {Describe(value)} into YAML"),
    };

    public static string Describe(object? value) => value is null ? "null" : value.GetType().Name;
}
