namespace MySqlRender.Tests.EverydayUse;

/// <summary><c>render -o DIR --check</c>: the rendered-manifests pattern in CI (nothing is written, exit 1 when stale).</summary>
public sealed class RenderCheckTests
{
    [Fact]
    public void An_empty_folder_is_stale_and_stays_empty()
    {
        using var folder = new TempFolder();

        var result = CliRunner.Run("render", "examples/seed", "-o", folder.Path, "--check");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("+++ b/deployment-mysql-instance.yaml", result.Stdout);
        Assert.Contains("missing", result.Stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public void A_freshly_rendered_folder_is_current()
    {
        using var folder = new TempFolder();
        CliRunner.Run("render", "examples/seed", "-o", folder.Path);

        var result = CliRunner.Run("render", "examples/seed", "-o", folder.Path, "--check", "--prune");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Equal("", result.Stdout);
        Assert.Contains("up to date", result.Stderr);
    }

    [Fact]
    public void A_changed_file_shows_as_a_unified_diff_and_is_left_untouched()
    {
        using var folder = new TempFolder();
        CliRunner.Run("render", "examples/seed", "-o", folder.Path);
        var claim = Path.Combine(folder.Path, "persistentvolumeclaim-mysql-instance-pvc.yaml");
        var edited = File.ReadAllText(claim).Replace("storage: 1Gi", "storage: 2Gi");
        File.WriteAllText(claim, edited);

        var result = CliRunner.Run("render", "examples/seed", "-o", folder.Path, "--check");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--- a/persistentvolumeclaim-mysql-instance-pvc.yaml", result.Stdout);
        Assert.Contains("-      storage: 2Gi", result.Stdout);
        Assert.Contains("+      storage: 1Gi", result.Stdout);
        Assert.Equal(edited, File.ReadAllText(claim));
    }

    [Fact]
    public void A_file_no_longer_rendered_fails_the_check_only_with_prune()
    {
        using var folder = new TempFolder();
        CliRunner.Run("render", "examples/seed", "-o", folder.Path);
        File.WriteAllText(Path.Combine(folder.Path, "service-old-db.yaml"), "---\nkind: Service\n");

        var withoutPrune = CliRunner.Run("render", "examples/seed", "-o", folder.Path, "--check");
        var withPrune = CliRunner.Run("render", "examples/seed", "-o", folder.Path, "--check", "--prune");

        Assert.Equal(0, withoutPrune.ExitCode);
        Assert.Contains("no longer rendered", withoutPrune.Stderr);
        Assert.Equal(1, withPrune.ExitCode);
        Assert.Contains("--- a/service-old-db.yaml", withPrune.Stdout);
        Assert.True(File.Exists(Path.Combine(folder.Path, "service-old-db.yaml")));
    }

    [Fact]
    public void Check_without_an_output_folder_is_a_usage_error()
    {
        var result = CliRunner.Run("render", "examples/seed", "--check");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--output", result.Stderr);
    }
}
