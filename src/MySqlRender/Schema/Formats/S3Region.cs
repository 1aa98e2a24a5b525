using System.Text.RegularExpressions;

namespace MySqlRender.Schema.Formats;

/// <summary>A region name such as eu-central-1 (AWS) or us-east-1 (MinIO's default): lowercase letters, digits and '-'.</summary>
public static partial class S3Region
{
    public const string Pattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    public static readonly ValueFormat Format = new("s3-region", "a region name such as eu-central-1",
        text => text.Length <= 63 && RegionRegex().IsMatch(text) ? null
            : $"'{text}' is not a region name (lowercase letters, digits and '-', e.g. eu-central-1)",
        Pattern, 63);

    [GeneratedRegex(Pattern)]
    private static partial Regex RegionRegex();
}
