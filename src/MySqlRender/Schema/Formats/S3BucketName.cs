using System.Net;
using System.Text.RegularExpressions;

namespace MySqlRender.Schema.Formats;

/// <summary>
/// The bucket names S3 accepts, from "General purpose bucket naming rules" in the Amazon S3 User Guide: 3-63
/// characters of lowercase letters, digits, '.' and '-', starting and ending with a letter or digit, no "..", not an
/// IP address, and none of the reserved prefixes and suffixes. MinIO and Ceph RGW apply the same rules.
/// </summary>
public static partial class S3BucketName
{
    public const string Pattern = @"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

    private static readonly string[] ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
    private static readonly string[] ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

    public static readonly ValueFormat Format = new("s3-bucket",
        "an S3 bucket name: 3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit",
        text => Problem(text) is { } problem ? $"'{text}' is not a bucket name S3 accepts: {problem}" : null,
        Pattern, 63);

    private static string? Problem(string text)
    {
        if (text.Length is < 3 or > 63)
        {
            return $"it has {text.Length} characters, S3 wants 3 to 63";
        }
        if (!BucketRegex().IsMatch(text))
        {
            return "only lowercase letters, digits, '.' and '-' are allowed, and it must start and end with a letter or digit";
        }
        if (text.Contains("..", StringComparison.Ordinal))
        {
            return "two adjacent periods";
        }
        if (IPAddress.TryParse(text, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            && text.Count(c => c == '.') == 3)
        {
            return "it is formatted as an IP address";
        }
        if (ReservedPrefixes.FirstOrDefault(p => text.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
        {
            return $"the prefix '{prefix}' is reserved";
        }
        return ReservedSuffixes.FirstOrDefault(s => text.EndsWith(s, StringComparison.Ordinal)) is { } suffix
            ? $"the suffix '{suffix}' is reserved"
            : null;
    }

    [GeneratedRegex(Pattern)]
    private static partial Regex BucketRegex();
}
