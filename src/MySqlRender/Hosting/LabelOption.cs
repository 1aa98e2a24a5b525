using System.Text.RegularExpressions;
using MySqlRender.Schema.Formats;

namespace MySqlRender.Hosting;

/// <summary>Parses <c>KEY=VALUE</c> labels with the API server's rules for keys (optional prefix/name) and values.</summary>
public static partial class LabelOption
{
    public static KeyValuePair<string, string>? Parse(string text)
    {
        var equals = text.IndexOf('=');
        if (equals <= 0)
        {
            return null;
        }
        var (key, value) = (text[..equals], text[(equals + 1)..]);
        return IsValidKey(key) && IsValidValue(value) ? new(key, value) : null;
    }

    public static bool IsValidKey(string key)
    {
        var slash = key.IndexOf('/');
        var (prefix, name) = slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
        return (prefix is null || KubernetesName.Subdomain.Check(prefix) is null) && IsValidValue(name) && name.Length > 0;
    }

    public static bool IsValidValue(string value) => value.Length <= 63 && LabelValue().IsMatch(value);

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
