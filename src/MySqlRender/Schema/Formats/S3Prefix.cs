using System.Text.RegularExpressions;

namespace MySqlRender.Schema.Formats;

/// <summary>
/// A key prefix ("folder") inside a bucket: segments of letters, digits, '.', '_' and '-' separated by single '/',
/// no leading or trailing '/', no "." or ".." segment. Safe characters only (the S3 User Guide's "Creating object
/// key names" lists them), so the same prefix means the same objects on every S3-compatible store.
/// </summary>
public static partial class S3Prefix
{
    public const string Pattern = @"^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$";

    public static readonly ValueFormat Format = new("s3-prefix",
        "a key prefix such as prod/orders: letters, digits, '.', '_' and '-' in segments separated by '/', no leading or trailing '/'",
        text => text.Length <= 512 && PrefixRegex().IsMatch(text) && !text.Split('/').Any(s => s is "." or "..")
            ? null
            : $"'{text}' is not a usable key prefix (segments of letters, digits, '.', '_' and '-' separated by single '/', e.g. prod/orders)",
        Pattern, 512);

    [GeneratedRegex(Pattern)]
    private static partial Regex PrefixRegex();
}
