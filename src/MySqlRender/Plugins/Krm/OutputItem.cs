using MySqlRender.Shared;

namespace MySqlRender.Plugins.Krm;

/// <summary>An item of the output list: the input's own text (kept byte for byte, comments included) or a new tree.</summary>
public sealed record OutputItem(YMapping Root, string? RawText = null, int Column = 0)
{
    public static OutputItem Unchanged(ResourceListItem item) => new(item.Root, item.RawText, item.Column);
}
