using MySqlRender.Shared;

namespace MySqlRender.Output;

/// <summary>Where each object goes under <c>-o DIR</c>: <c>[namespace/]kind-name.yaml</c>, lowercase.</summary>
public static class OutputLayout
{
    public static string RelativePath(RenderedObject rendered)
    {
        var file = $"{rendered.Kind.ToLowerInvariant()}-{Sanitize(rendered.Name)}.yaml";
        return rendered.Namespace is { } ns ? $"{Sanitize(ns)}/{file}" : file;
    }

    /// <summary>Names are validated, but pass-through objects come from anywhere: never let one name a path.</summary>
    private static string Sanitize(string name)
    {
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_')]);
        return safe.Trim('.').Length > 0 ? safe : "_";
    }

    /// <summary>Files of one output, keyed by relative path; objects sharing a file are written as one stream.</summary>
    public static SortedDictionary<string, string> Files(IEnumerable<RenderedObject> objects) =>
        new(objects.GroupBy(RelativePath).ToDictionary(g => g.Key, g => ManifestStream.Write(g)), StringComparer.Ordinal);
}
