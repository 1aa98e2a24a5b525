namespace MySqlRender.Tests;

/// <summary>
/// The published executable (in CI: the Native AOT binary, $MYSQLRENDER_BIN) produces exactly the goldens of the
/// in-process tests: every example, every invalid case and the CRD. Catches what only Native AOT can break
/// (trimmed reflection in Scriban or YamlDotNet, embedded templates and partials, invariant globalization).
/// </summary>
public sealed class PublishedBinaryTests
{
    public static TheoryData<string> Examples() => [.. ExampleFolders.Rendered];

    public static TheoryData<string> InvalidCases() => [.. InvalidCaseTests.CaseNames()];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_renders_to_its_golden_file(string example)
    {
        var result = MySqlRenderBinary.Run(["render", $"examples/{example}"]);

        Assert.True(result.ExitCode == 0, $"{MySqlRenderBinary.Path} exited {result.ExitCode}: {result.Stderr}");
        Snapshot.AssertMatches($"render/{example}.yaml", result.Stdout);
        Snapshot.AssertMatches($"render/{example}.stderr", result.Stderr);
    }

    [Fact]
    public void The_template_branch_cases_render_to_their_golden_file()
    {
        var result = MySqlRenderBinary.Run(["render", "tests/cases/branches"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Snapshot.AssertMatches("render/branches.yaml", result.Stdout);
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_case_reports_its_golden_diagnostics(string name)
    {
        var validate = MySqlRenderBinary.Run(["validate", $"tests/cases/invalid/{name}.yaml", .. InvalidCaseTests.ExtraArgs(name)]);
        var render = MySqlRenderBinary.Run(["render", $"tests/cases/invalid/{name}.yaml", .. InvalidCaseTests.ExtraArgs(name)]);

        Assert.Equal((1, ""), (validate.ExitCode, validate.Stdout));
        Snapshot.AssertMatches($"invalid/{name}.txt", validate.Stderr);
        Assert.Equal((1, ""), (render.ExitCode, render.Stdout));
    }

    [Fact]
    public void The_crd_matches_its_golden_file()
    {
        var result = MySqlRenderBinary.Run(["crd"]);

        Assert.Equal(0, result.ExitCode);
        Snapshot.AssertMatches("crd.yaml", result.Stdout);
    }

    /// <summary>The --check diff comes from DiffPlex, a library the AOT compiler trims: its patch must still apply.</summary>
    [Fact]
    public void The_check_diff_is_a_patch_git_apply_accepts()
    {
        using var work = new TempFolder();
        var stale = work.Combine("stale");
        Assert.Equal(0, MySqlRenderBinary.Run(["render", "examples/seed", "-o", stale]).ExitCode);
        var claim = Path.Combine(stale, "persistentvolumeclaim-mysql-instance-pvc.yaml");
        File.WriteAllText(claim, File.ReadAllText(claim).Replace("storage: 1Gi", "storage: 2Gi"));
        File.Delete(Path.Combine(stale, "deployment-mysql-instance.yaml"));

        var check = MySqlRenderBinary.Run(["render", "examples/seed", "-o", stale, "--check"]);

        Assert.Equal(1, check.ExitCode);
        var patch = work.Write("check.patch", check.Stdout);
        var apply = ProcessRunner.Run(ExternalTool.Require("git", "install git"), ["apply", patch], stale);
        Assert.True(apply.ExitCode == 0, apply.Stderr + "\n" + check.Stdout);
        Assert.Equal(0, MySqlRenderBinary.Run(["render", "examples/seed", "-o", stale, "--check"]).ExitCode);
    }

    [Fact]
    public void Init_prints_the_same_starter_resource()
    {
        var binary = MySqlRenderBinary.Run(["init", "orders-db", "-n", "shop"]);

        Assert.Equal((0, MySqlRender.Cli.InitCommand.BackupVolumeWarning), (binary.ExitCode, binary.Stderr));
        Assert.Equal(CliRunner.Run("init", "orders-db", "-n", "shop").Stdout, binary.Stdout);
    }

    [Fact]
    public void Strict_template_errors_are_reported_exactly_as_in_process()
    {
        // Strict mode and error positions come from Scriban's runtime; under Native AOT they must not change.
        using var templates = new TempFolder();
        var deployment = File.ReadAllText(RepoPaths.Of("templates", "deployment.yaml.sbn"));
        templates.Write("deployment.yaml.sbn", deployment.Replace("image: {{ image | yaml }}", "image: {{ imagee | yaml }}"));
        templates.Write("service.yaml.sbn", File.ReadAllText(RepoPaths.Of("templates", "service.yaml.sbn"))
            .Replace("{{ selector | yaml }}", "{{ selector | yamll }}"));
        string[] args = ["render", "examples/seed", "--templates", templates.Path];

        var binary = MySqlRenderBinary.Run(args);
        var inProcess = CliRunner.Run(args);

        Assert.Equal((1, ""), (binary.ExitCode, binary.Stdout));
        Assert.Contains("`imagee` was not found", binary.Stderr);
        Assert.Contains("yamll", binary.Stderr);
        Assert.Equal(inProcess.Stderr, binary.Stderr);
    }
}
