using System.Text;
using MySqlRender.Rendering;
using MySqlRender.Shared;

namespace MySqlRender.Tests;

/// <summary>
/// Limits, deep input, paths and unreadable files: each refused with its own located diagnostic, never a crash.
/// The static broken inputs live in tests/cases/invalid/ (see <see cref="InvalidCaseTests"/>); these need files
/// made at run time (sizes, symlinks, generated depth).
/// </summary>
public sealed class InputHardeningTests
{
    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n";

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        using var folder = new TempFolder();
        using (var big = File.Create(folder.Combine("big.yaml")))
        {
            big.SetLength(YamlLimits.Default.MaxFileBytes + 1);
        }

        var result = CliRunner.RunIn(folder.Path, "validate", "big.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"big.yaml:1:1: error MR1004: file is {YamlLimits.Default.MaxFileBytes + 1} bytes, more than the limit of 8388608", result.Stderr);
    }

    [Fact]
    public void Inputs_over_the_total_size_limit_are_refused()
    {
        using var folder = new TempFolder();
        for (var i = 0; i < 5; i++)
        {
            folder.Write($"cm-{i}.yaml", ConfigMap.Replace("plain", $"cm-{i}"));
        }
        var options = new RenderOptions { DisplayRoot = folder.Path, Limits = new YamlLimits { MaxTotalBytes = 3 * ConfigMap.Length } };

        var result = RenderEngine.Render(["."], options);

        Assert.Empty(result.Objects);
        Assert.Equal($"cm-3.yaml:1:1: error MR1004: the inputs add up to more than {3 * ConfigMap.Length} bytes (limit on the total input size) (render fewer files at once)",
            Assert.Single(result.Diagnostics).ToString());
    }

    [Theory]
    [InlineData("flow", 1_000_000)]
    [InlineData("block-sequence", 1_000_000)]
    [InlineData("block-mapping", 2_000)]
    [InlineData("anchored-flow", 200_000)]
    public void Very_deep_input_is_refused_without_overflowing_the_stack(string shape, int depth)
    {
        using var folder = new TempFolder();
        folder.Write("deep.yaml", Deep(shape, depth));

        var inProcess = CliRunner.RunIn(folder.Path, "render", "deep.yaml");

        Assert.Equal((1, ""), (inProcess.ExitCode, inProcess.Stdout));
        Assert.Matches(@"^deep.yaml:\d+:\d+: error MR1004: nesting deeper than 64 levels", inProcess.Stderr);
    }

    [Fact]
    public void Very_deep_input_is_refused_by_the_binary_too()
    {
        using var folder = new TempFolder();
        folder.Write("deep.yaml", Deep("flow", 1_000_000));

        var result = MySqlRenderBinary.Run(["render", "deep.yaml"], folder.Path);

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        Assert.Contains("error MR1004: nesting deeper than 64 levels", result.Stderr);
    }

    [Fact]
    public void A_mapping_with_many_keys_is_read_in_linear_time()
    {
        using var folder = new TempFolder();
        var keys = string.Concat(Enumerable.Range(0, 49_000).Select(i => $"  k{i}: v\n"));
        folder.Write("wide.yaml", ConfigMap + "data:\n" + keys + "  k7: duplicate\n");

        var result = CliRunner.RunIn(folder.Path, "validate", "wide.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("wide.yaml:49006:3: error MR1002: duplicate key 'k7'", result.Stderr);
    }

    [Fact]
    public void A_symlink_leading_outside_the_root_is_refused_where_inputs_are_confined()
    {
        using var outside = new TempFolder();
        using var root = new TempFolder();
        var secret = outside.Write("secret.yaml", ConfigMap);
        Directory.CreateDirectory(root.Combine("app"));
        File.CreateSymbolicLink(root.Combine("app", "link.yaml"), secret);
        Directory.CreateSymbolicLink(root.Combine("app", "linked-folder"), outside.Path);
        root.Write("app/own.yaml", ConfigMap.Replace("plain", "own"));
        var options = new RenderOptions { DisplayRoot = root.Path, ConfineTo = root.Path };

        var result = RenderEngine.Render(["app", "../" + Path.GetFileName(outside.Path) + "/secret.yaml"], options);

        Assert.Empty(result.Objects);
        var lines = result.Diagnostics.Select(d => d.ToString()).ToList();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Contains("error MR1006:", l));
        Assert.Contains(lines, l => l.StartsWith("app/link.yaml:1:1:"));
        Assert.Contains(lines, l => l.StartsWith("app/linked-folder:1:1:"));
        Assert.Contains(lines, l => l.Contains("/secret.yaml:1:1:"));
    }

    [Fact]
    public void A_symlink_loop_is_a_located_error_even_without_confinement()
    {
        using var root = new TempFolder();
        root.Write("app/own.yaml", ConfigMap);
        Directory.CreateSymbolicLink(root.Combine("app", "loop"), root.Combine("app"));

        var result = CliRunner.RunIn(root.Path, "render", "app");

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        Assert.Contains("app/loop:1:1: error MR1006: the folder is a symlink to one of its own parent folders", result.Stderr);
    }

    [Fact]
    public void An_unreadable_file_in_a_folder_is_a_located_error()
    {
        using var root = new TempFolder();
        root.Write("app/own.yaml", ConfigMap);
        File.CreateSymbolicLink(root.Combine("app", "broken.yaml"), root.Combine("app", "gone.yaml"));

        var result = CliRunner.RunIn(root.Path, "render", "app");

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        Assert.StartsWith("app/broken.yaml:1:1: error MR1005: cannot read the file: it does not exist", result.Stderr);
    }

    [Fact]
    public void A_folder_without_a_mysql_resource_is_informational_for_render()
    {
        using var root = new TempFolder();
        root.Write("only-configmap/cm.yaml", ConfigMap);
        Directory.CreateDirectory(root.Combine("empty"));

        var withObject = CliRunner.RunIn(root.Path, "render", "only-configmap");
        var empty = CliRunner.RunIn(root.Path, "render", "empty");

        Assert.Equal(0, withObject.ExitCode);
        Assert.Single(ManifestDocuments.Split(withObject.Stdout));
        Assert.Equal((0, ""), (empty.ExitCode, empty.Stdout));
        Assert.Equal("mysqlrender: info: no MySQL resource found in the given paths\n", empty.Stderr);
        Assert.Equal(empty.Stderr, withObject.Stderr);
    }

    [Fact]
    public void A_bom_is_accepted()
    {
        using var root = new TempFolder();
        File.WriteAllBytes(root.Combine("bom.yaml"), [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(ConfigMap)]);

        var result = CliRunner.RunIn(root.Path, "render", "bom.yaml");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Single(ManifestDocuments.Split(result.Stdout));
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 }, "2:7")]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "2:7")]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, "2:7")]
    [InlineData(new byte[] { 0xE2, 0x82 }, "2:7")]
    public void Invalid_utf8_names_its_line_and_column(byte[] bad, string at)
    {
        using var root = new TempFolder();
        File.WriteAllBytes(root.Combine("bad.yaml"), [.. Encoding.UTF8.GetBytes("a: b\nkey: \u00e9"), .. bad, (byte)'\n']);

        var result = CliRunner.RunIn(root.Path, "validate", "bad.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"bad.yaml:{at}: error MR1003: invalid UTF-8 byte 0x{bad[0]:X2}", result.Stderr);
    }

    [Fact]
    public void A_megabyte_value_gives_a_short_diagnostic_quickly()
    {
        using var root = new TempFolder();
        var huge = "a" + new string('-', 1_000_000) + "!";
        root.Write("huge.yaml", $"apiVersion: otus.homework/v1\nkind: MySQL\nmetadata:\n  name: {huge}\nspec:\n  database: app\n"
            + $"  storage_size: 1Gi\n  storageClassName: {huge}\n  passwordSecretRef: {{name: {huge}}}\n");

        var result = CliRunner.RunIn(root.Path, "validate", "huge.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(3, InvalidCaseTests.DiagnosticLines(result.Stderr).Count());
        Assert.All(InvalidCaseTests.DiagnosticLines(result.Stderr), line => Assert.InRange(line.Length, 40, 1600));
    }

    [Fact]
    public void Every_problem_of_every_file_is_reported_in_one_run()
    {
        // Cases with extra arguments need them; the run-wide alias limit, by design, also cuts later files short.
        var cases = InvalidCaseTests.CaseNames()
            .Where(n => !File.Exists(RepoPaths.Of("tests", "cases", "invalid", n + ".args")) && n != "alias-amplification").ToList();

        var result = CliRunner.Run(["validate", .. cases.Select(n => $"tests/cases/invalid/{n}.yaml")]);

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        var reported = InvalidCaseTests.DiagnosticLines(result.Stderr).ToHashSet();
        var missing = cases.SelectMany(n => InvalidCaseTests.DiagnosticLines(File.ReadAllText(RepoPaths.Of("tests", "snapshots", "invalid", n + ".txt"))))
            .Where(line => !reported.Contains(line)).ToList();
        Assert.True(missing.Count == 0, "not reported when run together:\n" + string.Join('\n', missing));
    }

    private static string Deep(string shape, int depth) => shape switch
    {
        "flow" => ConfigMap + "data:\n  x: " + new string('[', depth) + new string(']', depth) + "\n",
        "block-sequence" => ConfigMap + "data:\n" + string.Concat(Enumerable.Repeat("- ", depth)) + "leaf\n",
        "block-mapping" => ConfigMap + "data:\n" + string.Concat(Enumerable.Range(1, depth).Select(i => new string(' ', i) + "k:\n")) + "\n",
        "anchored-flow" => ConfigMap + "data:\n  x: &a " + new string('{', depth) + "\n",
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };
}
