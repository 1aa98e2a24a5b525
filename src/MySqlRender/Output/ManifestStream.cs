using System.Text;
using MySqlRender.Shared;

namespace MySqlRender.Output;

/// <summary>The YAML stream printed on stdout: each object as <c>---</c>, a <c># Source:</c> comment, then the object.</summary>
public static class ManifestStream
{
    public static string Write(IEnumerable<RenderedObject> objects)
    {
        var builder = new StringBuilder();
        foreach (var rendered in objects)
        {
            Append(builder, rendered);
        }
        return builder.ToString();
    }

    /// <summary>The same stream, written object by object: the whole text of a large render is never held at once.</summary>
    public static void WriteTo(TextWriter writer, IEnumerable<RenderedObject> objects)
    {
        var builder = new StringBuilder();
        foreach (var rendered in objects)
        {
            Append(builder.Clear(), rendered);
            writer.Write(builder);
        }
    }

    public static void Append(StringBuilder builder, RenderedObject rendered)
    {
        builder.Append("---\n# Source: ").Append(OneLine(rendered.Source)).Append('\n');
        YamlEmitter.WriteRoot(builder, rendered.Root);
    }

    /// <summary>A file name may hold any line break YAML knows (CR, NEL, U+2028/9): none may end the comment.</summary>
    private static string OneLine(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c));
}
