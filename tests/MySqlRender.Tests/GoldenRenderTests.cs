namespace MySqlRender.Tests;

/// <summary>Every example renders to its golden file; warnings on stderr are golden too.</summary>
public sealed class GoldenRenderTests
{
    public static TheoryData<string> Examples() => [.. ExampleFolders.Rendered];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_renders_to_its_golden_file(string example)
    {
        var result = CliRunner.Run("render", $"examples/{example}");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Snapshot.Match($"render/{example}.yaml", result.Stdout);
        Snapshot.Match($"render/{example}.stderr", result.Stderr);
    }

    [Fact]
    public void The_template_branch_cases_render_to_their_golden_file()
    {
        var result = CliRunner.Run("render", "tests/cases/branches");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Snapshot.Match("render/branches.yaml", result.Stdout);
    }

    [Fact]
    public void The_template_branch_cases_render_for_plain_kubectl_to_their_golden_file()
    {
        var result = CliRunner.Run("render", "tests/cases/branches", "--target", "kubectl");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Snapshot.Match("render/branches-kubectl.yaml", result.Stdout);
        Snapshot.Match("render/branches-kubectl.stderr", result.Stderr);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Rendering_twice_is_byte_identical(string example)
    {
        var first = CliRunner.Run("render", $"examples/{example}");
        var second = CliRunner.Run("render", $"examples/{example}");

        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Fact]
    public void Path_order_on_the_command_line_does_not_change_the_output()
    {
        var forward = CliRunner.Run("render", "examples/multi/legacy.yaml", "examples/multi/teams.yaml");
        var backward = CliRunner.Run("render", "examples/multi/teams.yaml", "examples/multi/legacy.yaml");

        Assert.Equal(forward.Stdout, backward.Stdout);
    }

    [Fact]
    public void The_namespace_option_applies_only_to_resources_without_one()
    {
        var result = CliRunner.Run("render", "examples/multi", "--namespace", "fallback");

        Assert.Contains("namespace: finance", result.Stdout);
        Assert.Contains("namespace: fallback", result.Stdout);
    }

    [Fact]
    public void Only_mysql_drops_the_objects_passed_through()
    {
        var all = CliRunner.Run("render", "examples/production");
        var only = CliRunner.Run("render", "examples/production", "--only-mysql");

        Assert.Contains("kind: SealedSecret", all.Stdout);
        Assert.DoesNotContain("kind: SealedSecret", only.Stdout);
    }

    [Fact]
    public void The_crd_matches_its_golden_file()
    {
        var result = CliRunner.Run("crd");

        Assert.Equal(0, result.ExitCode);
        Snapshot.Match("crd.yaml", result.Stdout);
    }
}
