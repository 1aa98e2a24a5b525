namespace MySqlRender.Tests.BackupRestore;

/// <summary>
/// A real, small filesystem (tmpfs of a fixed size) mounted over a claim folder, so a backup meets a full volume as it
/// would on a small PersistentVolume: df reports it, writes past it fail with ENOSPC. Mounting needs root
/// (CAP_SYS_ADMIN); elsewhere the test is skipped, and under CI it fails.
/// </summary>
public sealed class SmallVolume : IDisposable
{
    private readonly string folder;

    private SmallVolume(string folder) => this.folder = folder;

    public static SmallVolume Mount(string folder, long bytes)
    {
        var mount = ExternalTool.Require("mount", "util-linux");
        if (Environment.UserName != "root")
        {
            const string message = "mounting a tmpfs needs root";
            if (Environment.GetEnvironmentVariable("MYSQLRENDER_CI") == "1")
            {
                Assert.Fail(message);
            }
            Assert.Skip(message);
        }
        Directory.CreateDirectory(folder);
        var size = $"size={bytes / 1024}k";
        var result = ProcessRunner.Run(mount, ["-t", "tmpfs", "-o", $"{size},mode=0777", "mysqlrender-test", folder]);
        Assert.True(result.ExitCode == 0, $"mount tmpfs ({size}) on {folder} failed: {result.Stderr}");
        return new SmallVolume(folder);
    }

    public void Dispose() => ProcessRunner.Run("umount", [folder]);
}
