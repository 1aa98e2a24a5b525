namespace MySqlRender.Tests;

/// <summary>
/// One classifier decides "is this ours?" for every entry point (issue 18 item 1). A document of the group
/// otus.homework with another kind or version is an error everywhere (tests/cases/invalid/wrong-kind.yaml and
/// wrong-api-version.yaml in <see cref="InvalidCaseTests"/>; Argo CD discovery claims such folders in
/// <see cref="Plugins.ArgoCd.CmpDiscoverTests"/>: match-other-kind, match-other-version). A MySQL-looking kind of
/// another group (KubeDB's <c>kubedb.com/v1</c> <c>MySQL</c>) is passed through with a warning, here.
/// </summary>
public sealed class DocumentClassificationTests
{
    private const string Lookalike = "tests/cases/classification/lookalike.yaml";

    public static TheoryData<string> EntryPointNames() => [.. EntryPoints.All.Select(e => e.Name)];

    [Theory]
    [MemberData(nameof(EntryPointNames))]
    public void A_MySQL_kind_of_another_group_is_a_located_warning_not_an_error(string entryPoint)
    {
        var run = EntryPoints.Named(entryPoint).Run(Lookalike, []);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Diagnostics}");
        Assert.Contains($"{Lookalike}:4:7: warning MR1113: kind MySQL of apiVersion 'kubedb.com/v1' is not mysqlrender's", run.Diagnostics);
        Assert.Contains($"{Lookalike}:11:7: warning MR1113: kind mysql of apiVersion 'example.com/v1'", run.Diagnostics);
        Assert.DoesNotContain(": error ", run.Diagnostics);
    }

    [Theory]
    [InlineData("render")]
    [InlineData("cmp-generate")]
    public void The_lookalike_is_passed_through_unchanged_and_ours_rendered(string entryPoint)
    {
        var run = EntryPoints.Named(entryPoint).Run(Lookalike, []);

        Assert.Contains("apiVersion: kubedb.com/v1\nkind: MySQL\nmetadata:\n  name: kubedb-db\n", run.Output);
        Assert.Contains("kind: Deployment\nmetadata:\n  name: app-db\n", run.Output);
    }

    [Fact]
    public void The_KRM_function_reports_the_lookalike_in_results_and_keeps_the_item()
    {
        using var package = new TempFolder();
        package.Write("db.yaml", File.ReadAllText(RepoPaths.Of(Lookalike)));
        var kpt = ExternalTool.Require("kpt", "install kpt (https://kpt.dev)");
        var source = ProcessRunner.Run(kpt, ["fn", "source", "."], package.Path);

        var result = MySqlRenderBinary.Run(["fn"], package.Path, stdin: source.Stdout);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("name: kubedb-db", result.Stdout);
        Assert.Contains("severity: warning", result.Stdout);
        Assert.Contains("not mysqlrender's and is passed through unchanged", result.Stdout);
    }

    [Fact]
    public void A_kind_that_differs_only_in_case_is_validated_too_so_every_problem_shows_in_one_run()
    {
        var result = CliRunner.Run("validate", "tests/cases/invalid/wrong-kind.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("wrong-kind.yaml:4:7: error MR1112: kind 'MySql' is not a kind of otus.homework (did you mean kind: MySQL?)", result.Stderr);
        Assert.Contains("wrong-kind.yaml:6:9: error MR1105: MySQL/1st-db metadata.name", result.Stderr);
        Assert.Contains("MySQL/1st-db spec.database: required field is missing", result.Stderr);
    }

    [Fact]
    public void The_KRM_function_configuration_is_ours_but_not_rendered_or_passed_through_by_the_CLI()
    {
        using var folder = new TempFolder();
        var input = folder.Write("fn-config.yaml", "apiVersion: otus.homework/v1\nkind: MySqlRenderConfig\nmetadata:\n  name: settings\nnamespace: apps\n");

        var result = CliRunner.Run("render", input);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("fn-config.yaml:1:1: info MR1020: skipped: MySqlRenderConfig configures mysqlrender fn", result.Stderr);
    }

    [Fact]
    public void A_wrong_kind_never_replaces_a_rendered_folder_with_the_raw_resource()
    {
        using var folder = new TempFolder();
        var target = folder.Combine("rendered");
        Assert.Equal(0, CliRunner.Run("render", "examples/seed", "-o", target).ExitCode);
        var input = folder.Write("in/mysql.yaml", File.ReadAllText(RepoPaths.Of("examples", "seed", "mysql.yaml")).Replace("kind: MySQL", "kind: MySql"));
        var before = FolderSnapshot.Of(target);

        var result = CliRunner.Run("render", input, "-o", target, "--prune");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error MR1112: kind 'MySql' is not a kind of otus.homework", result.Stderr);
        Assert.Equal("", FolderSnapshot.Describe(before, FolderSnapshot.Of(target)));
    }
}
