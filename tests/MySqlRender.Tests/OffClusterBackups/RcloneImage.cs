namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>
/// A model of the rclone/rclone image's userland: the image is Alpine, so its shell and tools are busybox (ash,
/// gzip, sha256sum, sed, od ...) and rclone is the only other program. The scripts run with a PATH of exactly that:
/// busybox's applets (Debian's busybox package) and rclone (Debian's rclone 1.60 in place of the image's), so a
/// bash-ism or a GNU-only option fails here as it would in the pod.
/// </summary>
public static class RcloneImage
{
    private static readonly Lazy<string> Bin = new(Build);

    /// <summary>The folder that is the container's PATH.</summary>
    public static string Path => Bin.Value;

    public static string Shell => System.IO.Path.Combine(Path, "sh");

    private static string Build()
    {
        var busybox = ExternalTool.Require("busybox", "apt-get install busybox");
        var rclone = ExternalTool.Require("rclone", "apt-get install rclone");
        var folder = Directory.CreateTempSubdirectory("mysqlrender-rclone-image-").FullName;
        var install = ProcessRunner.Run(busybox, ["--install", "-s", folder]);
        Assert.True(install.ExitCode == 0, install.Stderr);
        File.CreateSymbolicLink(System.IO.Path.Combine(folder, "rclone"), rclone);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    }
}
