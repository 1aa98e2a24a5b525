namespace MySqlRender.Tests.Kubelet;

/// <summary>
/// A copy of a repository file under /var/tmp. A pod's /tmp emptyDir is mounted over the host's /tmp inside its mount
/// namespace, so a checkout that lives under /tmp (as CI clones often do) would vanish from inside the pod: the
/// launcher and the image models the harness runs there must live outside every path a rendered pod mounts over.
/// </summary>
public static class OutsideTmp
{
    private static readonly string Folder = Directory.CreateDirectory(
        Path.Combine("/var/tmp", $"mysqlrender-harness-{Environment.ProcessId}")).FullName;

    public static string Copy(string repositoryFile)
    {
        var copy = Path.Combine(Folder, Path.GetFileName(Path.GetDirectoryName(repositoryFile)) + "-" + Path.GetFileName(repositoryFile));
        File.Copy(repositoryFile, copy, overwrite: true);
        File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return copy;
    }
}
