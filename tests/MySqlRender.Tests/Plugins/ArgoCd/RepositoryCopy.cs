namespace MySqlRender.Tests.Plugins.ArgoCd;

/// <summary>
/// A fresh copy of some of the repository's files, laid out like argocd-cmp-server's per-request checkout
/// (<c>.../_cmp_server/&lt;uuid&gt;/</c>): files at mode 0644 (plugin.yaml sets preserveFileMode: false), folders 0755.
/// Deleted on dispose.
/// </summary>
public sealed class RepositoryCopy : IDisposable
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode FolderMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public string Root { get; }

    private RepositoryCopy(string root) => Root = root;

    /// <summary>Copies each given repository-relative file or folder (recursively, hidden entries included).</summary>
    public static RepositoryCopy Of(params string[] relativePaths)
    {
        var copy = new RepositoryCopy(Path.Combine(Path.GetTempPath(), "mysqlrender-tests", "_cmp_server", Guid.NewGuid().ToString()));
        Directory.CreateDirectory(copy.Root);
        foreach (var relative in relativePaths)
        {
            var source = RepoPaths.Of(relative);
            if (Directory.Exists(source))
            {
                copy.CopyFolder(source, relative);
            }
            else
            {
                copy.Write(relative, File.ReadAllText(source));
            }
        }
        return copy;
    }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Adds or replaces a file (0644), creating its folders.</summary>
    public string Write(string relative, string content)
    {
        var path = PathOf(relative);
        CreateFolder(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, FileMode);
        }
        return path;
    }

    public string CreateFolder(string path)
    {
        var full = Path.GetFullPath(path, Root);
        Directory.CreateDirectory(full);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(full, FolderMode);
        }
        return full;
    }

    private void CopyFolder(string source, string relative)
    {
        CreateFolder(PathOf(relative));
        foreach (var file in Directory.GetFiles(source))
        {
            Write(Path.Combine(relative, Path.GetFileName(file)), File.ReadAllText(file));
        }
        foreach (var folder in Directory.GetDirectories(source))
        {
            CopyFolder(folder, Path.Combine(relative, Path.GetFileName(folder)));
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail the test that used it.
        }
    }
}
