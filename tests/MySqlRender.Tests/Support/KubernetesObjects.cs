using MySqlRender.Shared;

namespace MySqlRender.Tests;

/// <summary>Parses a YAML stream (kustomize or mysqlrender output) into object trees, with small accessors for assertions.</summary>
public static class KubernetesObjects
{
    public static IReadOnlyList<YMapping> Parse(string stream)
    {
        var diagnostics = new DiagnosticBag();
        var documents = YamlDocumentParser.Parse(new SourceFile("stream", "stream", stream), YamlLimits.Default, diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join('\n', diagnostics.Sorted()));
        return [.. documents.Select(d => Assert.IsType<YMapping>(d.Root))];
    }

    public static string Kind(YMapping o) => Text(o, "kind")!;

    public static string Name(YMapping o) => Text(o, "metadata", "name")!;

    public static string Id(YMapping o) => $"{Kind(o)}/{Name(o)}";

    public static string? Text(YNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = (node as YMapping)?[key]!;
            if (node is null)
            {
                return null;
            }
        }
        return (node as YScalar)?.Value;
    }

    /// <summary>Every value found under a key with this name, anywhere in the tree (e.g. all <c>claimName</c>s).</summary>
    public static IEnumerable<YNode> ValuesOf(YNode node, string key) => node switch
    {
        YMapping m => m.Entries.SelectMany(e => (e.Key.Value == key ? [e.Value] : Enumerable.Empty<YNode>()).Concat(ValuesOf(e.Value, key))),
        YSequence s => s.Items.SelectMany(i => ValuesOf(i, key)),
        _ => [],
    };
}
