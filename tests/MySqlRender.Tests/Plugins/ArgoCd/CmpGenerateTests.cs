using System.Text.RegularExpressions;

namespace MySqlRender.Tests.Plugins.ArgoCd;

/// <summary>
/// <c>mysqlrender cmp generate</c> run out of process exactly as the Argo CD sidecar runs it (<see cref="CmpSidecar"/>),
/// in a fresh repository copy: goldens with and without parameters, located errors, and every refusal.
/// </summary>
public sealed class CmpGenerateTests
{
    private const string ShopDb = "examples/argocd/apps/shop-db";

    private const string PlainMySql = "apiVersion: otus.homework/v1\nkind: MySQL\nmetadata:\n  name: {0}\n{1}spec:\n"
        + "  image: mysql:8.4\n  database: app\n  passwordSecretRef:\n    name: {0}-root\n    key: password\n  storage_size: 1Gi\n";

    [Fact]
    public void The_example_app_without_parameters_renders_its_golden_stream()
    {
        using var repository = RepositoryCopy.Of("examples/argocd");

        var result = CmpSidecar.Run("generate", repository, new CmpRequest(ShopDb));

        AssertRendered(result, "argocd/shop-db.yaml");
        Assert.All(RenderedStream.Objects(result.Stdout), o => Assert.Equal("shop", o.Namespace));
    }

    [Fact]
    public void The_example_Application_with_its_env_and_parameters_renders_its_golden_stream()
    {
        using var repository = RepositoryCopy.Of("examples/argocd");
        var request = ApplicationManifest.Read("examples/argocd/application.yaml");

        var result = CmpSidecar.Run("generate", repository, request);

        AssertRendered(result, "argocd/shop-db-application.yaml");
        Assert.All(RenderedStream.Objects(result.Stdout), o =>
        {
            var labels = (YamlDotNet.RepresentationModel.YamlMappingNode)o.Root["metadata"]["labels"];
            Assert.Equal("shop", labels["team"].ToString());
            Assert.Equal("production", labels["environment"].ToString());
        });
        Assert.Contains("mysqlrender: app shop-db: ", result.Stderr);
    }

    [Fact]
    public void String_parameters_read_from_PARAM_variables_alone_give_the_same_stream()
    {
        using var repository = RepositoryCopy.Of("examples/argocd");
        var request = new CmpRequest(ShopDb) { Parameters = [new("namespace", "data"), new("strict", "true"), new("only-mysql", "true")] };

        var fromJson = CmpSidecar.Run("generate", repository, request);
        var fromParamVariables = CmpSidecar.Run("generate", repository,
            request with { Extra = new Dictionary<string, string> { ["ARGOCD_APP_PARAMETERS"] = "" } });

        Assert.True(fromJson.ExitCode == 0, fromJson.Stderr);
        Assert.Contains("namespace: data", fromJson.Stdout);
        Assert.Equal(fromJson.Stdout, fromParamVariables.Stdout);
    }

    [Fact]
    public void The_namespace_comes_from_the_resource_then_the_parameter_then_the_env_then_the_destination()
    {
        using var repository = RepositoryCopy.Of();
        repository.Write("apps/db/pinned.yaml", string.Format(PlainMySql, "pinned", "  namespace: pinned-ns\n"));
        repository.Write("apps/db/plain.yaml", string.Format(PlainMySql, "plain", ""));
        var request = new CmpRequest("apps/db") { DestinationNamespace = "destination" };
        var env = new Dictionary<string, string> { ["MYSQLRENDER_NAMESPACE"] = "from-env" };

        Assert.Equal("destination", NamespaceOfPlain(CmpSidecar.Run("generate", repository, request)));
        Assert.Equal("from-env", NamespaceOfPlain(CmpSidecar.Run("generate", repository, request with { PluginEnv = env })));
        Assert.Equal("from-parameter", NamespaceOfPlain(CmpSidecar.Run("generate", repository,
            request with { PluginEnv = env, Parameters = [new("namespace", "from-parameter")] })));
        Assert.Equal("destination", NamespaceOfPlain(CmpSidecar.Run("generate", repository,
            request with { Parameters = [new("namespace", "")] })));

        static string? NamespaceOfPlain(CliResult result)
        {
            Assert.True(result.ExitCode == 0, result.Stderr);
            var objects = RenderedStream.Objects(result.Stdout);
            Assert.All(objects.Where(o => o.Name.Contains("pinned")), o => Assert.Equal("pinned-ns", o.Namespace));
            return Assert.Single(objects, o => o is { Kind: "Deployment", Name: "plain" }).Namespace;
        }
    }

    [Fact]
    public void Invalid_input_fails_with_located_diagnostics_and_prints_nothing()
    {
        using var repository = RepositoryCopy.Of("examples/argocd");
        var file = repository.PathOf(Path.Combine(ShopDb, "mysql.yaml"));
        repository.Write(Path.Combine(ShopDb, "mysql.yaml"), File.ReadAllText(file).Replace("storage_size:", "storge_size:"));

        var result = CmpSidecar.Run("generate", repository, new CmpRequest(ShopDb));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Matches(new Regex(@"^mysql\.yaml:\d+:\d+: error MR\d{4}: MySQL/shop-db spec\.storge_size: .*storage_size", RegexOptions.Multiline), result.Stderr);
    }

    [Fact]
    public void A_plaintext_password_fails_under_strict_from_the_plugin_env_and_is_never_printed_on_stderr()
    {
        using var repository = RepositoryCopy.Of();
        repository.Write("apps/db/mysql.yaml", "apiVersion: otus.homework/v1\nkind: MySQL\nmetadata:\n  name: db\nspec:\n"
            + "  image: mysql:8.4\n  database: app\n  password: Sup3rSecretValue\n  storage_size: 1Gi\n");
        var request = new CmpRequest("apps/db");

        var lenient = CmpSidecar.Run("generate", repository, request);
        var strict = CmpSidecar.Run("generate", repository, request with { PluginEnv = new Dictionary<string, string> { ["MYSQLRENDER_STRICT"] = "true" } });

        Assert.True(lenient.ExitCode == 0, lenient.Stderr);
        Assert.Contains("warning MR", lenient.Stderr);
        Assert.Equal(1, strict.ExitCode);
        Assert.Equal("", strict.Stdout);
        Assert.Matches(new Regex(@"^mysql\.yaml:\d+:\d+: error MR", RegexOptions.Multiline), strict.Stderr);
        Assert.DoesNotContain("Sup3rSecretValue", lenient.Stderr + strict.Stderr);
    }

    [Theory]
    [InlineData("only a README", false)]
    [InlineData("only other objects, with only-mysql", true)]
    public void An_empty_result_is_a_failure_never_an_empty_success(string folder, bool onlyOtherObjects)
    {
        using var repository = RepositoryCopy.Of();
        repository.Write("apps/empty/README.md", "nothing to render\n");
        if (onlyOtherObjects)
        {
            repository.Write("apps/empty/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n");
        }
        var request = new CmpRequest("apps/empty") { Parameters = onlyOtherObjects ? [new("only-mysql", "true")] : null };

        var result = CmpSidecar.Run("generate", repository, request);

        Assert.True(result.ExitCode == 1, $"{folder}: exit {result.ExitCode}\n{result.Stderr}");
        Assert.Equal("", result.Stdout);
        Assert.Contains(".:1:1: error MR1204: nothing was rendered", result.Stderr);
    }

    [Fact]
    public void A_file_symlink_leading_out_of_the_repository_is_refused()
    {
        using var outside = RepositoryCopy.Of();
        var target = outside.Write("outside.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leaked\ndata:\n  secret: x\n");
        using var repository = RepositoryCopy.Of("examples/argocd");
        File.CreateSymbolicLink(repository.PathOf(Path.Combine(ShopDb, "leak.yaml")), target);

        var result = CmpSidecar.Run("generate", repository, new CmpRequest(ShopDb));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("leak.yaml:1:1: error MR1006: the file leads outside the repository", result.Stderr);
    }

    [Fact]
    public void A_folder_symlink_leading_out_of_the_repository_is_refused()
    {
        using var outside = RepositoryCopy.Of();
        outside.Write("more/outside.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leaked\n");
        using var repository = RepositoryCopy.Of("examples/argocd");
        Directory.CreateSymbolicLink(repository.PathOf(Path.Combine(ShopDb, "more")), outside.PathOf("more"));

        var result = CmpSidecar.Run("generate", repository, new CmpRequest(ShopDb));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("more:1:1: error MR1006: the folder is a symlink that leads outside the repository", result.Stderr);
    }

    [Fact]
    public void A_symlink_to_a_file_elsewhere_in_the_repository_is_followed()
    {
        using var repository = RepositoryCopy.Of();
        repository.Write("shared/mysql.yaml", string.Format(PlainMySql, "shared", ""));
        repository.CreateFolder("apps/db");
        File.CreateSymbolicLink(repository.PathOf("apps/db/mysql.yaml"), "../../shared/mysql.yaml");

        var result = CmpSidecar.Run("generate", repository, new CmpRequest("apps/db"));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains(RenderedStream.Objects(result.Stdout), o => o is { Kind: "Deployment", Name: "shared" });
    }

    [Fact]
    public void A_folder_symlink_loop_is_an_error_not_an_endless_walk()
    {
        using var repository = RepositoryCopy.Of("examples/argocd");
        Directory.CreateSymbolicLink(repository.PathOf(Path.Combine(ShopDb, "loop")), ".");

        var result = CmpSidecar.Run("generate", repository, new CmpRequest(ShopDb));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("loop:1:1: error MR1006: the folder is a symlink to one of its own parent folders", result.Stderr);
    }

    [Theory]
    [InlineData("ARGOCD_APP_PARAMETERS", """[{"name":"strict","string":"yes"}]""", "parameter 'strict' must be \"true\" or \"false\", got \"yes\"")]
    [InlineData("ARGOCD_APP_PARAMETERS", """[{"name":"only-mysql","string":"True"}]""", "parameter 'only-mysql' must be \"true\" or \"false\"")]
    [InlineData("ARGOCD_APP_PARAMETERS", """[{"name":"namespce","string":"shop"}]""", "unknown parameter \"namespce\"")]
    [InlineData("ARGOCD_APP_PARAMETERS", """[{"name":"namespace","string":"Shop_NS"}]""", "parameter 'namespace' \"Shop_NS\" is not a valid namespace name")]
    [InlineData("ARGOCD_APP_PARAMETERS", """[{"name":"labels","string":"team=shop"}]""", "parameter 'labels' must be a map")]
    [InlineData("ARGOCD_APP_PARAMETERS", """[{"name":"labels","map":{"bad key!":"x"}}]""", "\"bad key!\" is not a valid label key")]
    [InlineData("ARGOCD_APP_PARAMETERS", """[{"name":"strict","string":"true"},{"name":"strict","string":"false"}]""", "parameter 'strict' is set more than once")]
    [InlineData("ARGOCD_APP_PARAMETERS", "[{not json", "ARGOCD_APP_PARAMETERS is not valid JSON")]
    [InlineData("ARGOCD_APP_PARAMETERS", """{"name":"strict"}""", "ARGOCD_APP_PARAMETERS must be a JSON array")]
    [InlineData("ARGOCD_ENV_MYSQLRENDER_STRICT", "yes", "ARGOCD_ENV_MYSQLRENDER_STRICT must be \"true\" or \"false\"")]
    [InlineData("ARGOCD_ENV_MYSQLRENDER_NAMESPACE", "a/b", "ARGOCD_ENV_MYSQLRENDER_NAMESPACE \"a/b\" is not a valid namespace name")]
    [InlineData("PARAM_STRICT", "1", "PARAM_STRICT must be \"true\" or \"false\"")]
    [InlineData("PARAM_LABELS_TEAM", "shop", "PARAM_LABELS_TEAM: the labels parameter is read only from ARGOCD_APP_PARAMETERS")]
    [InlineData("ARGOCD_APP_SOURCE_PATH", "examples/../..", "must not contain '..'")]
    public void A_bad_parameter_or_env_value_is_a_usage_error_naming_it(string variable, string value, string message)
    {
        using var repository = RepositoryCopy.Of("examples/argocd");
        var request = new CmpRequest(ShopDb) { Extra = new Dictionary<string, string> { [variable] = value } };

        var result = CmpSidecar.Run("generate", repository, request);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith("mysqlrender: cmp generate: ", result.Stderr);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public void The_goldens_pass_the_kubernetes_models_validator()
    {
        var node = ExternalTool.RequireNodeWithValidators();

        foreach (var golden in new[] { "shop-db.yaml", "shop-db-application.yaml" })
        {
            var result = ProcessRunner.Run(node, ["tests/validators/validate.mjs", $"tests/snapshots/argocd/{golden}"]);

            Assert.True(result.ExitCode == 0, golden + ":\n" + result.Stdout + result.Stderr);
        }
    }

    private static void AssertRendered(CliResult result, string golden)
    {
        Assert.True(result.ExitCode == 0, result.Stderr);
        var objects = RenderedStream.Objects(result.Stdout);
        Assert.NotEmpty(objects);
        Assert.Equal(ManifestDocuments.Split(result.Stdout).Count, objects.Count);
        Snapshot.Match(golden, result.Stdout);
    }
}
