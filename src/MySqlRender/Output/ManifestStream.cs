using System.Text;

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

    public static void Append(StringBuilder builder, RenderedObject rendered)
    {
        builder.Append("---\n# Source: ").Append(rendered.Source.Replace('\n', ' ')).Append('\n');
        YamlEmitter.WriteRoot(builder, rendered.Root);
    }
}
