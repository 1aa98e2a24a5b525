using System.Globalization;
using MySqlRender.Shared;

namespace MySqlRender.Plugins.Krm;

/// <summary>The dotted path (<c>spec.backup.keep</c>, <c>spec.args[0]</c>) of the key or value at a position, for <c>results[].field.path</c>.</summary>
public static class FieldPath
{
    public static string? At(YNode root, SourcePosition position) => Search(root, position, "");

    private static string? Search(YNode node, SourcePosition position, string path)
    {
        switch (node)
        {
            case YMapping mapping:
                foreach (var (key, value) in mapping.Entries)
                {
                    var here = path.Length == 0 ? key.Value : $"{path}.{key.Value}";
                    if (key.Position == position || value.Position == position)
                    {
                        return here;
                    }
                    if (Search(value, position, here) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case YSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    var here = $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]";
                    if (sequence.Items[i].Position == position)
                    {
                        return here;
                    }
                    if (Search(sequence.Items[i], position, here) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            default:
                return null;
        }
    }
}
