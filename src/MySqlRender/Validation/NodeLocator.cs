using MySqlRender.Shared;

namespace MySqlRender.Validation;

/// <summary>
/// Finds the position of a field path (<c>spec.backup.keep</c>, <c>spec.users[1].name</c>), or of its nearest present
/// ancestor.
/// </summary>
public static class NodeLocator
{
    public static SourcePosition Find(YNode root, string path) => Walk(root, path).Node.Position;

    /// <summary>The position of a mapping key itself (where "unknown option" style messages point).</summary>
    public static SourcePosition FindKey(YNode root, string mappingPath, string key)
    {
        var (node, reached) = Walk(root, mappingPath);
        return reached && node is YMapping mapping && mapping.Find(key) is { } entry ? entry.Key.Position : node.Position;
    }

    /// <summary>The node at <paramref name="path"/> (Reached), or the nearest ancestor of it that is present.</summary>
    private static (YNode Node, bool Reached) Walk(YNode root, string path)
    {
        var node = root;
        foreach (var segment in path.Split('.'))
        {
            var (key, index) = Split(segment);
            if (node is not YMapping mapping || mapping.Find(key) is not { } entry)
            {
                return (node, false);
            }
            node = entry.Value;
            if (index is { } i)
            {
                if (node is not YSequence sequence || i >= sequence.Items.Count)
                {
                    return (node, false);
                }
                node = sequence.Items[i];
            }
        }
        return (node, true);
    }

    private static (string Key, int? Index) Split(string segment)
    {
        var open = segment.IndexOf('[', StringComparison.Ordinal);
        return open > 0 && segment.EndsWith(']') && int.TryParse(segment[(open + 1)..^1], out var index)
            ? (segment[..open], index)
            : (segment, null);
    }
}
