using System.Text.Json;
using System.Text.RegularExpressions;
using MySqlRender.Rendering;

namespace MySqlRender.Tests.Alerts;

/// <summary>Rule files for promtool (a Prometheus rule file: groups of rules; JSON is valid YAML).</summary>
public static partial class RuleFiles
{
    /// <summary>The alert rules mysqlrender builds for the instance in <paramref name="resourceYaml"/>, as a rule file.</summary>
    public static string Write(string folder, string resourceYaml)
    {
        var input = Path.Combine(folder, "input");
        Directory.CreateDirectory(input);
        File.WriteAllText(Path.Combine(input, "mysql.yaml"), resourceYaml);
        var result = RenderEngine.Render([input], new RenderOptions { DisplayRoot = input });
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var instance = Assert.Single(result.Instances);
        var group = new Dictionary<string, object?> { ["name"] = $"mysqlrender.{instance.Name}", ["rules"] = AlertRules.For(instance) };
        var path = Path.Combine(folder, "rules.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object?> { ["groups"] = new[] { group } }));
        return path;
    }

    /// <summary>Every series name used in a selector (name{...}) of the rule file's expressions.</summary>
    public static SortedSet<string> SeriesNames(string ruleFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ruleFile));
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var group in document.RootElement.GetProperty("groups").EnumerateArray())
        {
            foreach (var rule in group.GetProperty("rules").EnumerateArray())
            {
                foreach (Match match in Selector().Matches(rule.GetProperty("expr").GetString()!))
                {
                    names.Add(match.Groups[1].Value);
                }
            }
        }
        return names;
    }

    [GeneratedRegex(@"([a-zA-Z_:][a-zA-Z0-9_:]*)\{")]
    private static partial Regex Selector();
}
