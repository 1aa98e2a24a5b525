using System.Text.RegularExpressions;

namespace MySqlRender.Tests;

public sealed record ManifestDocument(string ApiVersion, string Kind, string Name, string Text);

/// <summary>Splits a rendered stream (documents separated by '---' lines) and reads each header line.</summary>
public static partial class ManifestDocuments
{
    public static IReadOnlyList<ManifestDocument> Split(string stream) =>
        Separator().Split(stream)
            .Where(text => Header("kind", text) is not null)
            .Select(text => new ManifestDocument(Header("apiVersion", text)!, Header("kind", text)!, Name().Match(text).Groups[1].Value, text))
            .ToList();

    private static string? Header(string key, string text)
    {
        var match = Regex.Match(text, $"^{key}: (\\S+)$", RegexOptions.Multiline);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("^---$", RegexOptions.Multiline)]
    private static partial Regex Separator();

    [GeneratedRegex(@"^metadata:\n(?:  .*\n)*?  name: (\S+)$", RegexOptions.Multiline)]
    private static partial Regex Name();
}
