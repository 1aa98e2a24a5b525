using System.Text;
using MySqlRender.Shared;

namespace MySqlRender.Rendering;

/// <summary>The files of one scripts ConfigMap (file name -> text, in a fixed order) and the hash of all of them.</summary>
public sealed record ScriptBundle(IReadOnlyDictionary<string, object?> Files, string Hash)
{
    private const int HashLength = 10;

    public static ScriptBundle Of(TemplateSet templates, IReadOnlyList<string> names)
    {
        var files = names.ToDictionary(name => name, name => (object?)templates.Text("scripts/" + name), StringComparer.Ordinal);
        var content = new StringBuilder();
        foreach (var (name, text) in files)
        {
            content.Append(name).Append('\0').Append((string)text!).Append('\0');
        }
        return new ScriptBundle(files, ContentHash.Of(content.ToString(), HashLength));
    }
}
