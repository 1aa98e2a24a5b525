using System.Text.RegularExpressions;

namespace MySqlRender.Schema.Formats;

/// <summary>Container image references: <c>[registry[:port]/]path[:tag][@sha256:digest]</c>, path in lowercase.</summary>
public static partial class ImageReference
{
    public const string Pattern =
        @"^(([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*(:[0-9]+)?/)?"
        + @"[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*"
        + @"(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$";

    public static readonly ValueFormat Format = new("image", "a container image reference such as mysql:8.4",
        text => IsValid(text) ? null
            : $"'{text}' is not a valid image reference (lowercase repository, optional :tag and @sha256:digest, e.g. mysql:8.4)",
        Pattern, 512);

    public static bool IsValid(string text) => text.Length <= 512 && ImageRegex().IsMatch(text) && !HasDomainOnlyWithoutPath(text);

    /// <summary>The tag, or null when the reference has none (it then means :latest unless pinned by digest).</summary>
    public static string? TagOf(string image)
    {
        var withoutDigest = image.Split('@')[0];
        var lastSlash = withoutDigest.LastIndexOf('/');
        var colon = withoutDigest.IndexOf(':', lastSlash + 1);
        return colon < 0 ? null : withoutDigest[(colon + 1)..];
    }

    public static bool HasDigest(string image) => image.Contains("@sha256:", StringComparison.Ordinal);

    /// <summary>The repository's last path element, e.g. <c>mysql</c> for <c>docker.io/library/mysql:8.4</c>.</summary>
    public static string RepositoryName(string image)
    {
        var withoutDigest = image.Split('@')[0];
        var lastSlash = withoutDigest.LastIndexOf('/');
        var name = withoutDigest[(lastSlash + 1)..];
        var colon = name.IndexOf(':');
        return colon < 0 ? name : name[..colon];
    }

    private static bool HasDomainOnlyWithoutPath(string text) => text.EndsWith('/');

    [GeneratedRegex(Pattern)]
    private static partial Regex ImageRegex();
}
