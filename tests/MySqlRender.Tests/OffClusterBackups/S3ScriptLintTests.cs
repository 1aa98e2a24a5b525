namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>
/// The rclone image has busybox sh, not bash: the S3 scripts must be POSIX sh. The script tests run them under
/// busybox; ShellCheck in POSIX mode also catches what a run does not reach (bash-isms on rare paths, quoting).
/// </summary>
public sealed class S3ScriptLintTests
{
    [Fact]
    public void The_s3_scripts_pass_shellcheck_as_posix_sh()
    {
        var shellcheck = ExternalTool.Require("shellcheck", "apt-get install shellcheck");

        var result = ProcessRunner.Run(shellcheck, ["-s", "sh", "-x", "-S", "warning", "s3-lib.sh", "s3-upload.sh", "s3-fetch.sh", "s3-drill-fetch.sh", "s3-drill-report.sh"],
            workingDirectory: RepoPaths.Of("templates", "scripts"));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
    }
}
