namespace MySqlRender.Tests.Templates;

/// <summary>
/// The bash scripts of templates/scripts (everything but the POSIX sh scripts of the rclone image, which
/// S3ScriptLintTests checks) pass ShellCheck at warning level: it catches what a test run does not reach, and a
/// merge that drops a line. SC1007 (`a= b=`, an intended empty assignment) is allowed.
/// </summary>
public sealed class ShellScriptLintTests
{
    [Fact]
    public void The_bash_scripts_pass_shellcheck()
    {
        var shellcheck = ExternalTool.Require("shellcheck", "apt-get install shellcheck");
        var folder = RepoPaths.Of("templates", "scripts");
        var scripts = Directory.EnumerateFiles(folder, "*.sh").Select(Path.GetFileName).OfType<string>()
            .Where(name => !name.StartsWith("s3-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

        var result = ProcessRunner.Run(shellcheck, ["-s", "bash", "-x", "-S", "warning", "-e", "SC1007", .. scripts], workingDirectory: folder);

        Assert.Contains("backup.sh", scripts);
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
    }
}
