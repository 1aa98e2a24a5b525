using System.Text;
using MySqlRender.Shared;

namespace MySqlRender.Plugins.Krm;

/// <summary>Writes the output ResourceList: items (raw where possible) and results.</summary>
public static class ResourceListWriter
{
    public static string Write(IReadOnlyList<OutputItem> items, IReadOnlyList<FunctionResult> results)
    {
        var builder = new StringBuilder($"apiVersion: {ResourceList.ApiVersion}\nkind: {ResourceList.Kind}\n");
        builder.Append(items.Count == 0 ? "items: []\n" : "items:\n");
        foreach (var item in items)
        {
            AppendItem(builder, item);
        }
        if (results.Count > 0)
        {
            builder.Append(YamlEmitter.Emit(Y.Map(("results", Y.Seq(results.Select(r => (YNode)r.ToNode()))))));
        }
        return builder.ToString();
    }

    /// <summary>
    /// A raw item keeps its column, so its continuation lines stay aligned; the dash goes two columns left of it.
    /// </summary>
    private static void AppendItem(StringBuilder builder, OutputItem item)
    {
        if (item.RawText is { } raw && item.Column >= 3)
        {
            builder.Append(' ', item.Column - 3).Append("- ").Append(raw.TrimEnd('\n')).Append('\n');
            return;
        }
        builder.Append(YamlEmitter.Emit(Y.Seq(item.Root)));
    }
}
