using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MySqlRender.Tests.Alerts;

/// <summary>
/// Rule files for promtool, taken from a rendered PrometheusRule: its spec (a list of rule groups) is exactly what a
/// Prometheus rule file holds (Prometheus Operator API docs, PrometheusRuleSpec).
/// </summary>
public static partial class RuleFiles
{
    /// <summary>Renders the instance in <paramref name="resourceYaml"/>; writes its PrometheusRule's spec to FOLDER/rules.yaml.</summary>
    public static string Write(string folder, string resourceYaml)
    {
        var input = Path.Combine(folder, "input");
        Directory.CreateDirectory(input);
        File.WriteAllText(Path.Combine(input, "mysql.yaml"), resourceYaml);
        var render = CliRunner.Run("render", input);
        Assert.True(render.ExitCode == 0, render.Stderr);
        return WriteSpec(folder, Yaml.Documents(render.Stdout));
    }

    /// <summary>The spec of the single PrometheusRule among <paramref name="objects"/>, as FOLDER/rules.yaml.</summary>
    public static string WriteSpec(string folder, IEnumerable<YamlMappingNode> objects)
    {
        var rule = Assert.Single(objects, o => Yaml.Text(o, "kind") == "PrometheusRule");
        var path = Path.Combine(folder, "rules.yaml");
        using var writer = new StreamWriter(path);
        new YamlStream(new YamlDocument(Yaml.Mapping(rule, "spec")!)).Save(writer, assignAnchors: false);
        return path;
    }

    /// <summary>The rules of a rule file, in order.</summary>
    public static IReadOnlyList<YamlMappingNode> Rules(string ruleFile) =>
        [.. Yaml.Sequence(Yaml.Documents(File.ReadAllText(ruleFile)).Single(), "groups").OfType<YamlMappingNode>()
            .SelectMany(group => Yaml.Sequence(group, "rules").OfType<YamlMappingNode>())];

    /// <summary>Every series name used in a selector (name{...}) of the rule file's expressions.</summary>
    public static SortedSet<string> SeriesNames(string ruleFile) =>
        new(Rules(ruleFile).SelectMany(rule => Selector().Matches(Yaml.Text(rule, "expr")!).Select(m => m.Groups[1].Value)),
            StringComparer.Ordinal);

    [GeneratedRegex(@"([a-zA-Z_:][a-zA-Z0-9_:]*)\{")]
    private static partial Regex Selector();
}
