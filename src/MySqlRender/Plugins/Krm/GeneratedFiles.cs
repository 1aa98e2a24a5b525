using MySqlRender.Rendering;
using MySqlRender.Shared;

namespace MySqlRender.Plugins.Krm;

/// <summary>
/// Where kpt writes an instance's objects: one file next to its source, <c>{dir}/{name}.rendered.yaml</c>
/// (<c>{name}.{namespace}.rendered.yaml</c> when the resource names a namespace, so that two instances of the
/// same name in one folder never share a file), objects in render order.
/// </summary>
public static class GeneratedFiles
{
    private const string Suffix = ".rendered.yaml";

    /// <param name="writtenNamespace">The namespace the resource itself names (not one defaulted by functionConfig).</param>
    public static string PathFor(string? sourcePath, string name, string? writtenNamespace)
    {
        var folder = sourcePath is null ? "" : Path.GetDirectoryName(sourcePath)!.Replace('\\', '/');
        var file = writtenNamespace is { } ns ? $"{name}.{ns}{Suffix}" : $"{name}{Suffix}";
        return folder.Length > 0 ? $"{folder}/{file}" : file;
    }

    /// <summary>
    /// An object an earlier run wrote: labelled as mysqlrender's and kept in a <c>*.rendered.yaml</c> file. Only
    /// such objects are dropped and rendered again; mysqlrender output kept elsewhere in a package passes through.
    /// </summary>
    public static bool IsFromEarlierRun(ResourceListItem item) =>
        item.Label("app.kubernetes.io/managed-by") == ViewModelBuilder.ManagedBy
        && item.FilePath?.EndsWith(Suffix, StringComparison.Ordinal) == true;

    /// <summary>The object with the path and index annotations set (both the current and the legacy keys, which must agree).</summary>
    public static YMapping Annotate(RenderedObject rendered, string path, int index) =>
        WithAnnotations(rendered.Root,
            (ToolAnnotations.Path, path), (ToolAnnotations.LegacyPath, path),
            (ToolAnnotations.Index, index.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (ToolAnnotations.LegacyIndex, index.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static YMapping WithAnnotations(YMapping root, params (string Key, string Value)[] added)
    {
        var metadata = root["metadata"] as YMapping ?? Y.Map();
        var annotations = metadata["annotations"] as YMapping ?? Y.Map();
        var merged = annotations.Entries.Where(e => !added.Any(a => a.Key == e.Key.Value))
            .Concat(added.Select(a => new KeyValuePair<YScalar, YNode>(Y.Str(a.Key), Y.Str(a.Value))));
        return Replace(root, "metadata", Replace(metadata, "annotations", new YMapping(annotations.Position, annotations.Tag, [.. merged])));
    }

    private static YMapping Replace(YMapping mapping, string key, YNode value)
    {
        var entries = mapping.Entries.ToList();
        var at = entries.FindIndex(e => e.Key.Value == key);
        if (at >= 0)
        {
            entries[at] = new(entries[at].Key, value);
        }
        else
        {
            entries.Add(new(Y.Str(key), value));
        }
        return new YMapping(mapping.Position, mapping.Tag, entries);
    }
}
