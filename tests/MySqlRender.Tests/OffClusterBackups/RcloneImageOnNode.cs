using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>
/// The rclone/rclone image for the kubelet model (<see cref="KubeletNode.Images"/>): ENTRYPOINT rclone, no CMD, and
/// a PATH of the image's userland only (busybox's applets and rclone, as <see cref="RcloneImage"/>). The folder is
/// under /var/tmp: a rendered container mounts its own /tmp, which would hide a PATH folder under /tmp.
/// </summary>
public static class RcloneImageOnNode
{
    public const string Repository = "rclone/rclone";

    private static readonly Lazy<string> Bin = new(Build);

    public static ContainerImage Model => new(["rclone"], [], Bin.Value, _ => new Dictionary<string, string>());

    private static string Build()
    {
        var folder = Directory.CreateDirectory(Path.Combine("/var/tmp", $"mrk-rclone-{Guid.NewGuid():N}"[..20])).FullName;
        foreach (var tool in Directory.EnumerateFileSystemEntries(RcloneImage.Path))
        {
            File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(tool)), new FileInfo(tool).LinkTarget ?? tool);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    }
}
