using MySqlRender.Hosting;
using MySqlRender.Schema.Formats;

namespace MySqlRender.Plugins.ArgoCd;

/// <summary>The value rules shared by parameters and their env fallbacks. <c>what</c> names the source in messages.</summary>
public static class CmpValue
{
    /// <summary>Exactly "true" or "false": "yes", "1" or "True" are refused, not guessed.</summary>
    public static bool Boolean(string what, string text) => text switch
    {
        "true" => true,
        "false" => false,
        _ => throw new CmpParameterException($"{what} must be \"true\" or \"false\", got {Quote(text)}"),
    };

    /// <summary>A namespace name, or null for empty (meaning: not set).</summary>
    public static string? Namespace(string what, string text) =>
        text.Length == 0 ? null
        : KubernetesName.IsLabel(text) ? text
        : throw new CmpParameterException($"{what} {Quote(text)} is not a valid namespace name "
            + "(lowercase letters, digits and '-', at most 63 characters)");

    public static KeyValuePair<string, string> Label(string what, string key, string value)
    {
        if (!LabelOption.IsValidKey(key))
        {
            throw new CmpParameterException($"{what}: {Quote(key)} is not a valid label key ([prefix/]name, name at most 63 characters)");
        }
        if (!LabelOption.IsValidValue(value))
        {
            throw new CmpParameterException($"{what}: the value of {Quote(key)} is not a valid label value "
                + "(letters, digits, '-', '_' and '.', at most 63 characters)");
        }
        return new(key, value);
    }

    /// <summary>A value shown in a message: quoted, cut short, with control characters made visible.</summary>
    public static string Quote(string text)
    {
        var shown = text.Length > 40 ? text[..40] + "..." : text;
        return "\"" + string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) + "\"";
    }
}
