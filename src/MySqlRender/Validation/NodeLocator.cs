using MySqlRender.Shared;

namespace MySqlRender.Validation;

/// <summary>
/// Finds the position of a field path (<c>spec.backup.keep</c>, <c>spec.users[1].name</c>), or of its nearest present
/// ancestor.
/// </summary>
public static class NodeLocator
{
    public static SourcePosition Find(YNode root, string path)
    {
        var node = root;
        foreach (var segment in path.Split('.'))
        {
            var (key, index) = Split(segment);
            if (node is not YMapping mapping || mapping.Find(key) is not { } entry)
            {
                break;
            }
            node = entry.Value;
            if (index is { } i)
            {
                if (node is not YSequence sequence || i >= sequence.Items.Count)
                {
                    break;
                }
                node = sequence.Items[i];
            }
        }
        return node.Position;
    }

    /// <summary>The position of a mapping key itself (where "unknown option" style messages point).</summary>
    public static SourcePosition FindKey(YNode root, string mappingPath, string key) =>
        Walk(root, mappingPath) is YMapping mapping && mapping.Find(key) is { } entry ? entry.Key.Position : Find(root, mappingPath);

    private static YNode? Walk(YNode root, string path)
    {
        YNode? node = root;
        foreach (var segment in path.Split('.'))
        {
            var (key, index) = Split(segment);
            node = (node as YMapping)?[key];
            if (index is { } i)
            {
                node = node is YSequence sequence && i < sequence.Items.Count ? sequence.Items[i] : null;
            }
        }
        return node;
    }

    private static (string Key, int? Index) Split(string segment)
    {
        var open = segment.IndexOf('[', StringComparison.Ordinal);
        return open > 0 && segment.EndsWith(']') && int.TryParse(segment[(open + 1)..^1], out var index)
            ? (segment[..open], index)
            : (segment, null);
    }
}
