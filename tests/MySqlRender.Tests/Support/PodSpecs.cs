using YamlDotNet.RepresentationModel;

namespace MySqlRender.Tests;

/// <summary>A workload's pod template, found by kind, so that policy checks apply to any kind a template adds.</summary>
public sealed record PodSpecOf(string Object, YamlMappingNode Spec)
{
    public IEnumerable<YamlMappingNode> Containers =>
        new[] { "initContainers", "containers", "ephemeralContainers" }
            .SelectMany(key => Yaml.Sequence(Spec, key)).OfType<YamlMappingNode>();
}

public static class PodSpecs
{
    /// <summary>Where each workload kind keeps its pod spec.</summary>
    private static readonly Dictionary<string, string[]> PathByKind = new(StringComparer.Ordinal)
    {
        ["Pod"] = ["spec"],
        ["Deployment"] = ["spec", "template", "spec"],
        ["StatefulSet"] = ["spec", "template", "spec"],
        ["DaemonSet"] = ["spec", "template", "spec"],
        ["ReplicaSet"] = ["spec", "template", "spec"],
        ["Job"] = ["spec", "template", "spec"],
        ["CronJob"] = ["spec", "jobTemplate", "spec", "template", "spec"],
    };

    public static bool IsWorkload(string kind) => PathByKind.ContainsKey(kind);

    public static PodSpecOf? Find(YamlMappingNode document)
    {
        var kind = Yaml.Text(document, "kind") ?? "";
        if (!PathByKind.TryGetValue(kind, out var path))
        {
            return null;
        }
        var name = $"{kind}/{Yaml.Text(Yaml.Mapping(document, "metadata"), "name")}";
        var spec = path.Aggregate<string, YamlMappingNode?>(document, (node, key) => Yaml.Mapping(node, key));
        return new PodSpecOf(name, spec ?? throw new InvalidOperationException($"{name} has no pod spec at {string.Join('.', path)}"));
    }
}

/// <summary>Small null-tolerant accessors over YamlDotNet's representation model.</summary>
public static class Yaml
{
    public static IReadOnlyList<YamlMappingNode> Documents(string stream)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(stream));
        return [.. yaml.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    public static YamlNode? Child(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static YamlMappingNode? Mapping(YamlMappingNode? node, string key) => Child(node, key) as YamlMappingNode;

    public static IEnumerable<YamlNode> Sequence(YamlMappingNode? node, string key) =>
        Child(node, key) is YamlSequenceNode sequence ? sequence.Children : [];

    public static string? Text(YamlMappingNode? node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    public static string? Text(YamlMappingNode? node, params string[] path) =>
        Text(path[..^1].Aggregate(node, Mapping), path[^1]);

    /// <summary>Every scalar value under a node (keys excluded), depth first.</summary>
    public static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value is { } value ? [value] : [],
        YamlSequenceNode sequence => sequence.Children.SelectMany(Scalars),
        YamlMappingNode mapping => mapping.Children.Values.SelectMany(Scalars),
        _ => [],
    };
}
