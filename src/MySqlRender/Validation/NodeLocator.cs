using MySqlRender.Shared;

namespace MySqlRender.Validation;

/// <summary>Finds the position of a dotted field path (<c>spec.backup.keep</c>), or of its nearest present ancestor.</summary>
public static class NodeLocator
{
    public static SourcePosition Find(YNode root, string path)
    {
        var node = root;
        foreach (var key in path.Split('.'))
        {
            if (node is not YMapping mapping || mapping.Find(key) is not { } entry)
            {
                break;
            }
            node = entry.Value;
        }
        return node.Position;
    }
}
