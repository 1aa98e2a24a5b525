using MySqlRender.Shared;

namespace MySqlRender.Plugins.Krm;

/// <summary>One entry of <c>items</c>: its parsed tree and its exact text in the input, so that pass-through keeps comments.</summary>
/// <param name="RawText">The item as written on stdin, starting at <paramref name="Column"/> (1-based); null when it cannot be copied as text.</param>
public sealed record ResourceListItem(int Position, YMapping Root, string? RawText, int Column)
{
    public string? Annotation(string key) =>
        (Root["metadata"] as YMapping)?["annotations"] is YMapping annotations && annotations[key] is YScalar value ? value.Value : null;

    public string? Label(string key) =>
        (Root["metadata"] as YMapping)?["labels"] is YMapping labels && labels[key] is YScalar value ? value.Value : null;

    /// <summary>The package-relative file kpt read the item from (kpt and kustomize set both annotations).</summary>
    public string? FilePath => Annotation(ToolAnnotations.Path) ?? Annotation(ToolAnnotations.LegacyPath);

    public int FileIndex => int.TryParse(Annotation(ToolAnnotations.Index) ?? Annotation(ToolAnnotations.LegacyIndex), out var index) ? index : 0;
}
