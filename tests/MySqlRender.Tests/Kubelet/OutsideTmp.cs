namespace MySqlRender.Tests.Kubelet;

/// <summary>
/// A copy of a repository file under /var/tmp. A pod's /tmp emptyDir is mounted over the host's /tmp inside its mount
/// namespace, so a checkout that lives under /tmp (as CI clones often do) would vanish from inside the pod: the
/// launcher and the image models the harness runs there must live outside every path a rendered pod mounts over.
/// </summary>
public static class OutsideTmp
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static readonly string Root = Directory.CreateDirectory(
        Path.Combine("/var/tmp", $"mysqlrender-harness-{Environment.ProcessId}")).FullName;

    /// <summary>A folder of its own under /var/tmp holding executable copies of the files, under their own names.</summary>
    public static string Folder(string name, params string[] repositoryFiles)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
        foreach (var file in repositoryFiles)
        {
            var copy = Path.Combine(folder, Path.GetFileName(file));
            File.Copy(file, copy, overwrite: true);
            File.SetUnixFileMode(copy, Executable);
        }
        return folder;
    }

    public static string Copy(string repositoryFile)
    {
        var copy = Path.Combine(Root, Path.GetFileName(Path.GetDirectoryName(repositoryFile)) + "-" + Path.GetFileName(repositoryFile));
        File.Copy(repositoryFile, copy, overwrite: true);
        File.SetUnixFileMode(copy, Executable);
        return copy;
    }
}
