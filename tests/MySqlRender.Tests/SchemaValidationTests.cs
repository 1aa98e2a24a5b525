using k8s;

namespace MySqlRender.Tests;

/// <summary>
/// Every golden manifest stream passes two independent schema checks: KubernetesClient's strict typed load
/// (unknown fields, scalar types, quantities) and tests/validators/validate.mjs (kubernetes-models' OpenAPI
/// schemas plus API-server rules such as name formats and selector/label agreement).
/// </summary>
public sealed class SchemaValidationTests
{
    public static TheoryData<string> Goldens() =>
    [
        .. Directory.GetFiles(RepoPaths.Of("tests", "snapshots", "render"), "*.yaml")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .Select(name => name!),
    ];

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Golden_loads_strictly_with_the_kubernetes_client(string golden)
    {
        var documents = ManifestDocuments.Split(File.ReadAllText(RepoPaths.Of("tests", "snapshots", "render", golden)));
        var builtIn = documents.Where(d => IsBuiltInApi(d.ApiVersion)).ToList();

        foreach (var document in builtIn)
        {
            var loaded = KubernetesYaml.LoadAllFromString(document.Text, strict: true);
            Assert.Single(loaded);
        }
        Assert.NotEmpty(builtIn);
    }

    [Fact]
    public void The_strict_load_rejects_an_unknown_field()
    {
        const string service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  clusterIp: None\n";

        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(service, strict: true));
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Golden_passes_the_kubernetes_models_validator(string golden)
    {
        var node = ExternalTool.RequireNodeWithValidators();

        var result = ProcessRunner.Run(node, ["tests/validators/validate.mjs", $"tests/snapshots/render/{golden}"]);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.DoesNotContain("error ", result.Stdout);
    }

    [Fact]
    public void The_crd_passes_the_kubernetes_models_validator()
    {
        var node = ExternalTool.RequireNodeWithValidators();

        var result = ProcessRunner.Run(node, ["tests/validators/validate.mjs", "--strict-kinds", "tests/snapshots/crd.yaml"]);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
    }

    [Fact]
    public void The_validator_self_test_passes()
    {
        ExternalTool.RequireNodeWithValidators();
        var bash = ExternalTool.Require("bash", "install bash");

        var result = ProcessRunner.Run(bash, ["tests/validators/selftest.sh"]);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
    }

    // Custom resources (SealedSecret, Application ...) have no typed model in the client; validate.mjs skips them too.
    private static bool IsBuiltInApi(string apiVersion) =>
        !apiVersion.Contains('/') || BuiltInGroups.Contains(apiVersion[..apiVersion.IndexOf('/')]) || apiVersion.Contains(".k8s.io/");

    private static readonly HashSet<string> BuiltInGroups = ["apps", "batch", "policy", "autoscaling"];
}
