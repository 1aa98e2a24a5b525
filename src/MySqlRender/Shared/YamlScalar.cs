using System.Text;
using System.Text.RegularExpressions;

namespace MySqlRender.Shared;

/// <summary>
/// Writes a string as a YAML scalar that reads back as exactly that string, in any context (block or flow), under
/// YAML 1.1 and 1.2 rules: plain when that is unambiguous, double-quoted otherwise. This is the only way values
/// reach the output, so no value can change a document's structure.
/// </summary>
public static partial class YamlScalar
{
    /// <summary>Safe anywhere, including inside a flow collection (what the template filter needs).</summary>
    public static string Quote(string value) => CanBePlain(value, flow: true) ? value : DoubleQuoted(value);

    /// <summary>For block context only, where <c>,[]{}</c> after the first character are ordinary text.</summary>
    public static string QuoteInBlock(string value) => CanBePlain(value, flow: false) ? value : DoubleQuoted(value);

    public static bool CanBePlain(string value, bool flow) =>
        (flow ? SafePlain() : SafeBlockPlain()).IsMatch(value)
        && !(value.Length > 1 && value[0] == '-' && value[1] == ' ')
        && !value.Contains(": ", StringComparison.Ordinal)
        && !value.Contains(" #", StringComparison.Ordinal)
        && !value.EndsWith(':')
        && ScalarResolver.ResolvePlain(value) == ScalarType.String
        && !NumberLike().IsMatch(value);

    public static string DoubleQuoted(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            builder.Append(rune.Value switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                0xFEFF => "\\uFEFF",
                0x85 => "\\N",
                0x2028 => "\\L",
                0x2029 => "\\P",
                < 0x20 or 0x7F or (>= 0x80 and < 0xA0) => $"\\x{rune.Value:X2}",
                _ => rune.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }

    /// <summary>Printable ASCII without indicators at the start and without flow or comment characters.</summary>
    [GeneratedRegex(@"^([A-Za-z0-9_./(=+$^~]|-(?=\S))[A-Za-z0-9 _./()=+$^~:@%*?<>;-]*$")]
    private static partial Regex SafePlain();

    [GeneratedRegex(@"^([A-Za-z0-9_./(=+$^~]|-(?=\S))[A-Za-z0-9 _./()=+$^~:@%*?<>;,\[\]{}-]*$")]
    private static partial Regex SafeBlockPlain();

    /// <summary>Anything a YAML 1.1 reader might take for a number, date or time (1e3, 0x1F, 1_000, 1:20, 2026-01-01).</summary>
    [GeneratedRegex(@"^[-+.0-9][-+.0-9_:eExXoObBa-fA-F ]*$|^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|\s$|^\s")]
    private static partial Regex NumberLike();
}
