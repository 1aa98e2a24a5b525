using MySqlRender.Shared;

namespace MySqlRender.Plugins;

/// <summary>
/// Whether two documents hold the same data, ignoring positions, comments, key order, quoting style and the
/// bookkeeping annotations tools add. Kustomize and kpt hand a plugin a re-serialized copy of the user's
/// document; finding the original by content lets diagnostics point at the user's file, line and column.
/// </summary>
public static class DocumentMatcher
{
    public static bool SameData(YNode original, YNode copy) => (original, copy) switch
    {
        (YScalar a, YScalar b) => a.Value == b.Value,
        (YSequence a, YSequence b) => a.Items.Count == b.Items.Count && a.Items.Zip(b.Items).All(p => SameData(p.First, p.Second)),
        (YMapping a, YMapping b) => SameEntries(Meaningful(a), Meaningful(b)),
        _ => false,
    };

    private static bool SameEntries(List<KeyValuePair<string, YNode>> a, List<KeyValuePair<string, YNode>> b) =>
        a.Count == b.Count && a.All(entry => b.Exists(other => other.Key == entry.Key && SameData(entry.Value, other.Value)));

    /// <summary>Entries without the tools' annotations, and without an <c>annotations</c> map left empty by that.</summary>
    private static List<KeyValuePair<string, YNode>> Meaningful(YMapping mapping) =>
        [.. mapping.Entries
            .Where(e => !ToolAnnotations.IsBookkeeping(e.Key.Value))
            .Where(e => !(e.Key.Value == "annotations" && e.Value is YMapping annotations && annotations.Entries.All(a => ToolAnnotations.IsBookkeeping(a.Key.Value))))
            .Select(e => new KeyValuePair<string, YNode>(e.Key.Value, e.Value))];
}
