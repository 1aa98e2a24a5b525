using MySqlRender.Output;
using MySqlRender.Rendering;

namespace MySqlRender.Tests;

/// <summary>
/// `render -o DIR` keeps its objects in a spool and reads each file back when it is written or compared
/// (Output/SpooledFiles.cs): the folder must hold exactly what the in-memory layout gives, including the rare file
/// two objects share (names that sanitize alike), in input order although the instances render in parallel.
/// </summary>
public sealed class SpooledFilesTests
{
    [Fact]
    public void The_folder_is_the_in_memory_layout_file_for_file()
    {
        using var folder = new TempFolder();
        var input = folder.Write("in/all.yaml", string.Join("---\n", Enumerable.Range(0, 40).Select(Document)));

        var result = CliRunner.RunIn(folder.Path, "render", "in", "-o", "out");
        var expected = OutputLayout.Files(RenderEngine.Render([input], new() { DisplayRoot = folder.Path }).Objects);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var written = Directory.EnumerateFiles(folder.Of("out"), "*.yaml", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder.Of("out"), f).Replace('\\', '/'), File.ReadAllText);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), written.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected, file => Assert.Equal(file.Value, written[file.Key]));
        var shared = written["shop/configmap-settings_v1.yaml"];
        Assert.True(shared.IndexOf("name: settings:v1\n", StringComparison.Ordinal) is var first && first >= 0, shared);
        Assert.True(shared.IndexOf("name: settings_v1\n", StringComparison.Ordinal) > first, shared);
    }

    [Fact]
    public void The_check_reads_the_same_files_and_finds_no_drift_after_a_write()
    {
        using var folder = new TempFolder();
        folder.Write("in/all.yaml", string.Join("---\n", Enumerable.Range(0, 40).Select(Document)));
        Assert.Equal(0, CliRunner.RunIn(folder.Path, "render", "in", "-o", "out").ExitCode);

        var check = CliRunner.RunIn(folder.Path, "render", "in", "-o", "out", "--check");

        Assert.True(check.ExitCode == 0, check.Stderr);
        Assert.Contains("is up to date", check.Stderr);
    }

    /// <summary>MySQL resources, and at 3 and 35 two ConfigMaps whose names map to one file name.</summary>
    private static string Document(int i) => i switch
    {
        3 => "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"settings:v1\"\n  namespace: shop\ndata: {a: \"1\"}\n",
        35 => "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings_v1\n  namespace: shop\ndata: {a: \"2\"}\n",
        _ => $"apiVersion: otus.homework/v1\nkind: MySQL\nmetadata:\n  name: db-{i}\n  namespace: shop\nspec:\n  database: app\n"
            + $"  passwordSecretRef: {{name: db-{i}-pw, key: password}}\n  storage_size: 1Gi\n",
    };
}
