using MySqlRender.Plugins;

namespace MySqlRender.Tests.Plugins;

/// <summary><c>mysqlrender fn</c> as a KRM function, driven through the real <c>kpt fn render</c> and <c>kpt fn eval --exec</c>.</summary>
public sealed class KptTests
{
    private static readonly string[] SourceFiles = ["Kptfile", "inventory.yaml", "catalog/mysql.yaml", "network-policy.yaml"];

    private static string Kpt() => ExternalTool.Require("kpt", "install kpt v1 (https://kpt.dev)");

    /// <summary>The example package in a temp folder, and a PATH on which <c>mysqlrender</c> is the binary under test.</summary>
    private static (string Package, Dictionary<string, string?> Env) Setup(TempFolder temp)
    {
        var package = temp.CopyFromRepo("examples/kpt", "pkg");
        Directory.CreateDirectory(temp.Of("bin"));
        File.CreateSymbolicLink(temp.Of("bin", "mysqlrender"), MySqlRenderBinary.Path);
        var path = temp.Of("bin") + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        return (package, new Dictionary<string, string?> { ["PATH"] = path });
    }

    private static CliResult Render(string kpt, TempFolder temp, Dictionary<string, string?> env) =>
        ProcessRunner.Run(kpt, ["fn", "render", "--allow-exec", "pkg"], temp.Path, env);

    [Fact]
    public void Fn_render_writes_each_instance_next_to_its_source_and_keeps_every_source_file_as_written()
    {
        var kpt = Kpt();
        using var temp = new TempFolder();
        var (package, env) = Setup(temp);

        var result = Render(kpt, temp, env);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var files = TempFolder.Snapshot(package);
        Assert.Equal(SourceFiles.Append("catalog/catalog.catalog.rendered.yaml").Append("inventory.rendered.yaml").Order(StringComparer.Ordinal), files.Keys);
        Snapshot.Match("kpt/inventory.rendered.yaml", files["inventory.rendered.yaml"]);
        Snapshot.Match("kpt/catalog.catalog.rendered.yaml", files["catalog/catalog.catalog.rendered.yaml"]);
        Assert.All(SourceFiles, file => Assert.Equal(File.ReadAllText(RepoPaths.Of(["examples", "kpt", .. file.Split('/')])), files[file]));
    }

    [Fact]
    public void Fn_render_again_changes_nothing()
    {
        var kpt = Kpt();
        using var temp = new TempFolder();
        var (package, env) = Setup(temp);
        Assert.Equal(0, Render(kpt, temp, env).ExitCode);
        var first = TempFolder.Snapshot(package);

        var again = Render(kpt, temp, env);

        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        Assert.Equal(first, TempFolder.Snapshot(package));
    }

    [Fact]
    public void Fn_eval_with_exec_and_a_namespace_argument_writes_the_same_files()
    {
        var kpt = Kpt();
        using var temp = new TempFolder();
        var (package, env) = Setup(temp);

        var result = ProcessRunner.Run(kpt, ["fn", "eval", "pkg", "--exec", $"{MySqlRenderBinary.Path} fn", "--", "namespace=inventory"], temp.Path, env);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var files = TempFolder.Snapshot(package);
        Snapshot.Match("kpt/inventory.rendered.yaml", files["inventory.rendered.yaml"]);
        Snapshot.Match("kpt/catalog.catalog.rendered.yaml", files["catalog/catalog.catalog.rendered.yaml"]);
    }

    [Fact]
    public void The_rendered_files_hold_what_render_prints_apart_from_the_path_annotations()
    {
        var kpt = Kpt();
        using var temp = new TempFolder();
        var (package, env) = Setup(temp);
        Assert.Equal(0, Render(kpt, temp, env).ExitCode);

        AssertSameObjects(CliRunner.Run("render", "--namespace", "inventory", "examples/kpt/inventory.yaml"), Path.Combine(package, "inventory.rendered.yaml"));
        AssertSameObjects(CliRunner.Run("render", "examples/kpt/catalog/mysql.yaml"), Path.Combine(package, "catalog", "catalog.catalog.rendered.yaml"));
    }

    private static void AssertSameObjects(CliResult rendered, string kptFile)
    {
        Assert.True(rendered.ExitCode == 0, rendered.Stderr);
        var expected = KubernetesObjects.Parse(rendered.Stdout);
        var actual = KubernetesObjects.Parse(File.ReadAllText(kptFile));
        Assert.Equal(expected.Select(KubernetesObjects.Id), actual.Select(KubernetesObjects.Id));
        Assert.All(expected.Zip(actual), pair => Assert.True(DocumentMatcher.SameData(pair.First, pair.Second), KubernetesObjects.Id(pair.First)));
    }

    [Fact]
    public void Errors_fail_kpt_with_located_diagnostics_and_results_and_leave_the_package_untouched()
    {
        var kpt = Kpt();
        using var temp = new TempFolder();
        var (package, env) = Setup(temp);
        var catalog = Path.Combine(package, "catalog", "mysql.yaml");
        File.WriteAllText(catalog, File.ReadAllText(catalog).Replace("keep: 3", "keep: three"));
        var line = Array.FindIndex(File.ReadAllLines(catalog), l => l.Contains("keep: three")) + 1;
        var before = TempFolder.Snapshot(package);

        var result = Render(kpt, temp, env);

        var output = result.Stdout + result.Stderr;
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"pkg/catalog/mysql.yaml:{line}:11: error MR1102: MySQL/catalog spec.backup.keep:", output);
        Assert.Contains("[error] otus.homework/v1/MySQL/catalog/catalog spec.backup.keep: MR1102:", output);
        Assert.Equal(before, TempFolder.Snapshot(package));
    }
}
