namespace MySqlRender.Tests.Plugins;

/// <summary>What kustomize and kpt produce from mysqlrender (the goldens) passes the offline Kubernetes schema validator.</summary>
public sealed class PluginOutputValidationTests
{
    [Theory]
    [InlineData("kustomize/example.yaml")]
    [InlineData("kpt/inventory.rendered.yaml")]
    [InlineData("kpt/catalog.catalog.rendered.yaml")]
    public void The_golden_passes_the_schema_validator(string golden)
    {
        var node = ExternalTool.RequireNodeWithValidators();

        var result = ProcessRunner.Run(node, ["tests/validators/validate.mjs", $"tests/snapshots/{golden}"]);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
    }
}
