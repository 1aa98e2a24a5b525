using YamlDotNet.RepresentationModel;

namespace MySqlRender.Tests.Plugins.ArgoCd;

/// <summary>Turns an Argo CD Application manifest (spec.source.plugin, destination) into the request it makes.</summary>
public static class ApplicationManifest
{
    public static CmpRequest Read(string repositoryRelativePath)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepoPaths.Of(repositoryRelativePath))));
        var app = (YamlMappingNode)stream.Documents.Single().RootNode;
        var source = Map(Map(app, "spec"), "source");
        var plugin = Map(source, "plugin");
        return new CmpRequest(Text(source, "path"))
        {
            AppName = Text(Map(app, "metadata"), "name"),
            DestinationNamespace = Text(Map(Map(app, "spec"), "destination"), "namespace"),
            PluginEnv = List(plugin, "env").ToDictionary(e => Text(e, "name"), e => Text(e, "value")),
            Parameters = [.. List(plugin, "parameters").Select(Parameter)],
        };
    }

    private static PluginParameter Parameter(YamlMappingNode node) => new(
        Text(node, "name"),
        String: node.Children.TryGetValue("string", out var text) ? ((YamlScalarNode)text).Value : null,
        Array: node.Children.TryGetValue("array", out var array) ? [.. ((YamlSequenceNode)array).Select(i => ((YamlScalarNode)i).Value!)] : null,
        Map: node.Children.TryGetValue("map", out var map)
            ? ((YamlMappingNode)map).Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value!)
            : null);

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static string Text(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static IEnumerable<YamlMappingNode> List(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var list) ? ((YamlSequenceNode)list).Cast<YamlMappingNode>() : [];
}
