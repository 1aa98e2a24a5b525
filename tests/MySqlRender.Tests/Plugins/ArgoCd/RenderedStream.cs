using YamlDotNet.RepresentationModel;

namespace MySqlRender.Tests.Plugins.ArgoCd;

public sealed record StreamObject(string ApiVersion, string Kind, string Name, string? Namespace, YamlMappingNode Root);

/// <summary>Reads a plugin's stdout the way the repo-server does: a YAML stream in which every document is an object.</summary>
public static class RenderedStream
{
    public static IReadOnlyList<StreamObject> Objects(string stdout)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(stdout));
        return [.. stream.Documents.Select(d => ToObject(d.RootNode))];
    }

    private static StreamObject ToObject(YamlNode node)
    {
        var root = Assert.IsType<YamlMappingNode>(node);
        var metadata = Assert.IsType<YamlMappingNode>(root["metadata"]);
        return new StreamObject(Text(root, "apiVersion")!, Text(root, "kind")!, Text(metadata, "name")!, Text(metadata, "namespace"), root);
    }

    private static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? Assert.IsType<YamlScalarNode>(value).Value : null;
}
