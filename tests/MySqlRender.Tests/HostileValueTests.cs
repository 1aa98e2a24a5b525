using System.Text;
using YamlDotNet.RepresentationModel;

namespace MySqlRender.Tests;

/// <summary>
/// Values that try to break out of their field (newlines, '---', quotes, template and YAML syntax, shell
/// metacharacters) come out verbatim, in exactly the objects the model describes, and never inside script text.
/// </summary>
public sealed class HostileValueTests
{
    // Each is a valid value of its field, chosen to break a naive text template, YAML writer or shell script.
    private const string Database = "d'\"$(id);{{x}}{%y%}|&<>*?#--- !!str&a *b ${HOME}";

    private const string Password = "p\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: pwned\n'\"{{ x }}{% y %}$(reboot)`id`\\ !!binary\r\u2028end ";

    private static readonly Dictionary<string, string> ConfigData = new()
    {
        ["multi"] = "line one\n---\nkind: Secret\nmetadata: {name: injected}\n",
        ["template"] = "{{ .Values.x }} {% include 'y' %} {{- z -}}",
        ["yaml"] = "!!python/object/apply:os.system [\"id\"]",
        ["flow"] = "[a, {b: c}], &anchor *alias",
        ["indicators"] = "- item: value # not a comment",
        ["quotes"] = "'single' \"double\" `back`",
        ["shell"] = "$(rm -rf /); `id` && echo $HOME | tee /etc/x > /dev/null",
        ["spaces"] = "  leading and trailing  ",
        ["yaml11"] = "yes",
        ["number"] = "0755",
        ["unicode"] = "caf\u00e9 \u2603 \U0001F600 \u0085nel",
        ["document-end"] = "...\n...",
    };

    [Fact]
    public void Hostile_values_round_trip_verbatim_into_exactly_the_intended_objects()
    {
        using var folder = new TempFolder();
        folder.Write("mysql.yaml", Input());

        var result = CliRunner.RunIn(folder.Path, "render", "mysql.yaml");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var documents = Yaml.Documents(result.Stdout);
        Assert.Equal(ObjectsOf(BenignRender()), ObjectsOf(documents));
        Assert.Contains("Deployment/hostile", ObjectsOf(documents));
        AssertConfigMapVerbatim(documents.Single(d => Yaml.Text(d, "kind") == "ConfigMap" && Yaml.Text(d, "metadata", "name") == "hostile-data"));
        AssertPasswordOnlyInTheSecret(documents);
        AssertDatabaseOnlyThroughEnv(documents);
    }

    [Fact]
    public void Hostile_values_survive_the_kubernetes_client_strict_load()
    {
        using var folder = new TempFolder();
        folder.Write("mysql.yaml", Input());

        var result = CliRunner.RunIn(folder.Path, "render", "mysql.yaml");

        var configMap = ManifestDocuments.Split(result.Stdout).Single(d => d.Kind == "ConfigMap" && d.Name == "hostile-data");
        var loaded = (k8s.Models.V1ConfigMap)k8s.KubernetesYaml.LoadAllFromString(configMap.Text, strict: true).Single();
        Assert.Equal(ConfigData, loaded.Data);
    }

    [Fact]
    public void The_binary_renders_hostile_values_byte_identically()
    {
        using var folder = new TempFolder();
        folder.Write("mysql.yaml", Input());

        var inProcess = CliRunner.RunIn(folder.Path, "render", "mysql.yaml");
        var binary = MySqlRenderBinary.Run(["render", "mysql.yaml"], folder.Path);

        Assert.Equal(inProcess, binary);
    }

    [Theory]
    [InlineData("evil\n---\nkind: Secret\n.yaml")]
    [InlineData("evil\r---\rkind: Secret\r.yaml")]
    [InlineData("evil\u2028---\u2028kind: Secret\u2029.yaml")]
    [InlineData("evil\u0085---\u0085kind: Secret.yaml")]
    public void A_file_name_with_line_breaks_cannot_add_a_document(string fileName)
    {
        using var folder = new TempFolder();
        folder.Write(fileName, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n");

        var result = CliRunner.RunIn(folder.Path, "render", ".");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(["ConfigMap"], Yaml.Documents(result.Stdout).Select(d => Yaml.Text(d, "kind")));
        Assert.Equal(2, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith('#') || l == "---"));
    }

    [Fact]
    public void A_value_with_a_newline_cannot_forge_a_diagnostic_line()
    {
        using var folder = new TempFolder();
        folder.Write("mysql.yaml", Input().Replace("name: hostile\n", "name: \"x\\nforged.yaml:1:1: error MR0000: forged\"\n"));

        var result = CliRunner.RunIn(folder.Path, "validate", "mysql.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("\nforged.yaml", result.Stderr);
        Assert.All(InvalidCaseTests.DiagnosticLines(result.Stderr), l => Assert.StartsWith("mysql.yaml:", l));
    }

    /// <summary>The same resources with harmless values: the objects a hostile render must produce, no more, no less.</summary>
    private static IReadOnlyList<YamlMappingNode> BenignRender()
    {
        using var folder = new TempFolder();
        folder.Write("mysql.yaml", Input("app", "secret1", ConfigData.ToDictionary(kv => kv.Key, _ => "v")));
        var result = CliRunner.RunIn(folder.Path, "render", "mysql.yaml");
        Assert.True(result.ExitCode == 0, result.Stderr);
        return Yaml.Documents(result.Stdout);
    }

    private static List<string> ObjectsOf(IReadOnlyList<YamlMappingNode> documents) =>
        [.. documents.Select(d => $"{Yaml.Text(d, "kind")}/{Yaml.Text(d, "metadata", "name")}")];

    private static string Input() => Input(Database, Password, ConfigData);

    private static string Input(string database, string password, Dictionary<string, string> configData)
    {
        var data = string.Concat(configData.Select(kv => $"  {kv.Key}: {YamlDoubleQuoted(kv.Value)}\n"));
        return $"""
            apiVersion: otus.homework/v1
            kind: MySQL
            metadata:
              name: hostile
            spec:
              database: {YamlDoubleQuoted(database)}
              password: {YamlDoubleQuoted(password)}
              storage_size: 1Gi
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: hostile-data
              annotations:
                note: {YamlDoubleQuoted(configData["multi"])}
            data:

            """ + data;
    }

    private static void AssertConfigMapVerbatim(YamlMappingNode configMap)
    {
        var data = Yaml.Mapping(configMap, "data")!;
        Assert.Equal(ConfigData, data.Children.ToDictionary(kv => kv.Key.ToString(), kv => ((YamlScalarNode)kv.Value).Value!));
        Assert.Equal(ConfigData["multi"], Yaml.Text(configMap, "metadata", "annotations", "note"));
    }

    private static void AssertPasswordOnlyInTheSecret(IReadOnlyList<YamlMappingNode> documents)
    {
        var secret = documents.Single(d => Yaml.Text(d, "kind") == "Secret");
        var stored = Yaml.Text(secret, "stringData", "password")
            ?? Encoding.UTF8.GetString(Convert.FromBase64String(Yaml.Text(secret, "data", "password")!));
        Assert.Equal(Password, stored);
        var elsewhere = documents.Where(d => d != secret).SelectMany(Yaml.Scalars).Where(s => s.Contains("pwned"));
        Assert.Empty(elsewhere);
    }

    private static void AssertDatabaseOnlyThroughEnv(IReadOnlyList<YamlMappingNode> documents)
    {
        var pods = documents.Select(PodSpecs.Find).OfType<PodSpecOf>().ToList();
        Assert.NotEmpty(pods);
        foreach (var container in pods.SelectMany(p => p.Containers))
        {
            var env = Yaml.Sequence(container, "env").OfType<YamlMappingNode>()
                .ToDictionary(e => Yaml.Text(e, "name")!, e => Yaml.Text(e, "value"));
            if (env.TryGetValue("MYSQL_DATABASE", out var value))
            {
                Assert.Equal(Database, value);
            }
        }
        var embedded = documents.SelectMany(Yaml.Scalars).Where(s => s.Contains("{%y%}") && s != Database);
        Assert.Empty(embedded);
    }

    /// <summary>Test-side quoting, independent of the product's YamlScalar: escape everything non-printable.</summary>
    private static string YamlDoubleQuoted(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < 0x20 || c is '\u0085' or '\u2028' or '\u2029' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }
}
