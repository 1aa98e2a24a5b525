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

    /// <summary>
    /// A stale folder with every kind of drift: a changed line, a file edited to lose its final newline, a missing
    /// file and (with --prune) a file no longer rendered. The --check output is a patch: git apply --check and
    /// GNU patch --dry-run accept it inside the folder (git-apply(1), "patch -p1" conventions), and applying it makes
    /// the folder byte-identical to a fresh render.
    /// </summary>
    [Fact]
    public void The_check_output_is_a_patch_that_git_apply_accepts_and_that_brings_the_folder_up_to_date()
    {
        using var work = new TempFolder();
        var stale = work.Combine("stale");
        var fresh = work.Combine("fresh");
        CliRunner.Run("render", "examples/seed", "-o", stale);
        CliRunner.Run("render", "examples/seed", "-o", fresh);
        var claim = Path.Combine(stale, "persistentvolumeclaim-mysql-instance-pvc.yaml");
        File.WriteAllText(claim, File.ReadAllText(claim).Replace("storage: 1Gi", "storage: 2Gi"));
        var service = Path.Combine(stale, "service-mysql-instance.yaml");
        File.WriteAllText(service, File.ReadAllText(service).TrimEnd('\n'));
        File.Delete(Path.Combine(stale, "deployment-mysql-instance.yaml"));
        File.WriteAllText(Path.Combine(stale, "service-old-db.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: old-db\n");

        var check = CliRunner.Run("render", "examples/seed", "-o", stale, "--check", "--prune");

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("--- a/persistentvolumeclaim-mysql-instance-pvc.yaml\n+++ b/persistentvolumeclaim-mysql-instance-pvc.yaml\n@@ -", check.Stdout);
        Assert.Matches(@"(?m)^-      storage: 2Gi\n\+      storage: 1Gi$", check.Stdout);
        Assert.Contains("\\ No newline at end of file\n", check.Stdout);
        Assert.Contains("--- /dev/null\n+++ b/deployment-mysql-instance.yaml\n@@ -0,0 +1,", check.Stdout);
        Assert.Contains("--- a/service-old-db.yaml\n+++ /dev/null\n@@ -1,4 +0,0 @@\n", check.Stdout);
        var patch = work.Write("check.patch", check.Stdout);
        var git = ExternalTool.Require("git", "install git");
        var applyCheck = ProcessRunner.Run(git, ["apply", "--check", "--verbose", patch], stale);
        Assert.True(applyCheck.ExitCode == 0, applyCheck.Stderr + "\n" + check.Stdout);
        var gnuPatch = ExternalTool.Require("patch", "install GNU patch");
        var dryRun = ProcessRunner.Run(gnuPatch, ["-p1", "--dry-run", "--batch", "-i", patch], stale);
        Assert.True(dryRun.ExitCode == 0, dryRun.Stdout + dryRun.Stderr);

        var apply = ProcessRunner.Run(git, ["apply", patch], stale);

        Assert.True(apply.ExitCode == 0, apply.Stderr);
        Assert.Equal("", FolderSnapshot.Describe(FolderSnapshot.Of(fresh), FolderSnapshot.Of(stale)));
        Assert.Equal(0, CliRunner.Run("render", "examples/seed", "-o", stale, "--check", "--prune").ExitCode);
    }

    [Fact]
    public void Check_without_an_output_folder_is_a_usage_error()
    {
        var result = CliRunner.Run("render", "examples/seed", "--check");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--output", result.Stderr);
    }
}
