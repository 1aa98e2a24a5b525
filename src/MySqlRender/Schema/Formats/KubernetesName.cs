using System.Text.RegularExpressions;

namespace MySqlRender.Schema.Formats;

/// <summary>The name rules the API server enforces.</summary>
public static partial class KubernetesName
{
    public const string LabelPattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    public const string SubdomainPattern = @"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public const string Dns1035Pattern = "^[a-z]([-a-z0-9]*[a-z0-9])?$";
    public const string SecretKeyPattern = @"^[-._a-zA-Z0-9]+$";

    public static readonly ValueFormat Label = new("dns-1123-label",
        "lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
        text => IsLabel(text) ? null : $"'{text}' is not a valid DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)",
        LabelPattern, 63);

    public static readonly ValueFormat Subdomain = new("dns-1123-subdomain",
        "a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', at most 253 characters",
        text => text.Length <= 253 && SubdomainRegex().IsMatch(text) ? null
            : $"'{text}' is not a valid name (lowercase letters, digits, '-' and '.', at most 253 characters)",
        SubdomainPattern, 253);

    public static readonly ValueFormat SecretKey = new("secret-key",
        "a Secret key: letters, digits, '-', '_' and '.'",
        text => text.Length <= 253 && SecretKeyRegex().IsMatch(text) && text is not "." and not ".." ? null
            : $"'{text}' is not a valid Secret key (letters, digits, '-', '_' and '.')",
        SecretKeyPattern, 253);

    public static bool IsLabel(string text) => text.Length <= 63 && LabelRegex().IsMatch(text);

    /// <summary>Service names are DNS-1035 labels: like a DNS-1123 label but starting with a letter.</summary>
    public static bool IsDns1035Label(string text) => IsLabel(text) && char.IsAsciiLetterLower(text[0]);

    [GeneratedRegex(LabelPattern)]
    private static partial Regex LabelRegex();

    [GeneratedRegex(SubdomainPattern)]
    private static partial Regex SubdomainRegex();

    [GeneratedRegex(SecretKeyPattern)]
    private static partial Regex SecretKeyRegex();
}
