namespace MySqlRender.Tests.Plugins;

/// <summary>What <c>mysqlrender render</c> does with kustomize and kpt folders it meets.</summary>
public sealed class RenderToolFoldersTests
{
    [Fact]
    public void Render_of_all_examples_skips_the_kustomize_folder_with_a_note_and_renders_the_kpt_package()
    {
        var result = CliRunner.Run("render", "examples");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("examples/kustomize:1:1: info MR1020: skipped: a kustomize folder", result.Stderr);
        Assert.DoesNotContain("# Source: examples/kustomize/", result.Stdout);
        Assert.Contains("# Source: examples/kpt/inventory.yaml", result.Stdout);
        Assert.Contains("# Source: examples/kpt/network-policy.yaml", result.Stdout);
    }

    [Fact]
    public void In_a_kustomize_folder_given_by_name_only_the_kustomization_file_is_skipped()
    {
        var result = CliRunner.Run("validate", "examples/kustomize");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("examples/kustomize/kustomization.yaml:1:1: info MR1020: skipped: a kustomize build file", result.Stderr);
        Assert.Contains("examples/kustomize/mysqlrender-references.yaml:7:1: error MR1007: not a Kubernetes object", result.Stderr);
    }
}
