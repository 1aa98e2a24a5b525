namespace MySqlRender.Tests;

/// <summary>The non-C# Argo CD packaging (plugin.yaml, Dockerfile, root kustomization.yaml) checked offline.</summary>
public sealed class ArgoCdPackagingTests
{
    [Fact]
    public void Plugin_dockerfile_and_installation_pass_their_checks()
    {
        var node = ExternalTool.RequireNodeWithValidators();
        ExternalTool.Require("kubectl", "kubectl with built-in kustomize");

        var result = ProcessRunner.Run(node, ["tests/argocd/check-install.mjs"]);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.DoesNotContain("FAIL", result.Stdout);
    }
}
