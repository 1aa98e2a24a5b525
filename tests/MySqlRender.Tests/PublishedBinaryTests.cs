namespace MySqlRender.Tests;

/// <summary>
/// The published executable (in CI: the Native AOT binary, $MYSQLRENDER_BIN) produces exactly the goldens of the
/// in-process tests: every example, every invalid case and the CRD. Catches what only Native AOT can break
/// (trimmed reflection in Fluid or YamlDotNet, embedded templates, invariant globalization).
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
}
