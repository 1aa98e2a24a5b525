using MySqlRender.Shared;

namespace MySqlRender.Input;

/// <summary>
/// Expands the paths given on the command line into YAML files: folders recursively (<c>*.yaml</c>, <c>*.yml</c>,
/// hidden folders such as <c>.git</c> skipped), each file once, sorted by path so that output order is stable.
/// With <c>confineTo</c> (Argo CD CMP mode) a file or folder whose real path leaves that folder is an error, never
/// silently skipped: a skipped folder would render fewer objects, and auto-prune would delete the missing ones.
/// A folder symlink back to one of its own ancestors is an error too (it would recurse forever).
/// kustomize folders met while walking are skipped with a note (<see cref="ToolConfigFiles"/>).
/// </summary>
public sealed class InputFileFinder(string displayRoot, string? confineTo = null)
{
    public IReadOnlyList<(string FullPath, string DisplayPath)> Find(IEnumerable<string> paths, DiagnosticBag diagnostics)
    {
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path, displayRoot);
            if (Directory.Exists(full))
            {
                AddFolder(full, found, diagnostics);
            }
            else if (File.Exists(full))
            {
                Add(full, found, diagnostics);
            }
            else
            {
                diagnostics.Error(Display(full), SourcePosition.Start, DiagnosticCodes.UnreadableFile, "",
                    "no such file or folder", "check the path");
            }
        }
        return [.. found.Select(f => (f.Value, Display(f.Value)))];
    }

    public string Display(string fullPath)
    {
        var relative = Path.GetRelativePath(displayRoot, fullPath);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
        return shown.Replace('\\', '/');
    }

    private void Add(string file, SortedDictionary<string, string> found, DiagnosticBag diagnostics)
    {
        if (confineTo is not null && !IsInside(RealPath(file), RealPath(confineTo)))
        {
            diagnostics.Error(Display(file), SourcePosition.Start, DiagnosticCodes.PathOutsideRoot, "",
                "the file leads outside the repository (a symlink or '..')", "keep inputs inside the application folder's repository");
            return;
        }
        found[Display(file)] = file;
    }

    private void AddFolder(string folder, SortedDictionary<string, string> found, DiagnosticBag diagnostics)
    {
        try
        {
            foreach (var file in EnumerateYaml(folder, [RealPath(folder)], diagnostics, given: true))
            {
                Add(file, found, diagnostics);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(Display(folder), SourcePosition.Start, DiagnosticCodes.UnreadableFile, "",
                $"cannot read the folder: {Utf8FileReader.Reason(e)}", "check that it is readable");
        }
    }

    /// <param name="ancestors">Real paths of the folders being enumerated, outermost first (loop detection).</param>
    /// <param name="given">The folder was named on the command line (not met while walking).</param>
    private IEnumerable<string> EnumerateYaml(string folder, List<string> ancestors, DiagnosticBag diagnostics, bool given)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false };
        if (ToolConfigFiles.KustomizationIn(folder) is { } kustomization)
        {
            diagnostics.Add(ToolConfigFiles.Skipped(Display(given ? kustomization : folder), folder: !given));
            if (!given)
            {
                yield break;
            }
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*", options).Order(StringComparer.Ordinal))
        {
            if ((file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal))
                && !ToolConfigFiles.IsKustomization(file))
            {
                yield return file;
            }
        }
        foreach (var sub in Directory.EnumerateDirectories(folder, "*", options).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(sub).StartsWith('.'))
            {
                continue;
            }
            var isLink = new DirectoryInfo(sub).LinkTarget is not null;
            var real = isLink ? RealPath(sub) : Path.Combine(ancestors[^1], Path.GetFileName(sub));
            if (isLink && !FolderLinkIsAcceptable(sub, real, ancestors, diagnostics))
            {
                continue;
            }
            ancestors.Add(real);
            foreach (var file in EnumerateYaml(sub, ancestors, diagnostics, given: false))
            {
                yield return file;
            }
            ancestors.RemoveAt(ancestors.Count - 1);
        }
    }

    private bool FolderLinkIsAcceptable(string link, string real, List<string> ancestors, DiagnosticBag diagnostics)
    {
        if (confineTo is not null && !IsInside(real, RealPath(confineTo)))
        {
            diagnostics.Error(Display(link), SourcePosition.Start, DiagnosticCodes.PathOutsideRoot, "",
                "the folder is a symlink that leads outside the repository", "keep inputs inside the application folder's repository");
            return false;
        }
        if (ancestors.Contains(real))
        {
            diagnostics.Error(Display(link), SourcePosition.Start, DiagnosticCodes.PathOutsideRoot, "",
                "the folder is a symlink to one of its own parent folders (a loop)", "remove the symlink");
            return false;
        }
        return true;
    }

    /// <summary>The path with every symlink along it resolved, like realpath(3).</summary>
    public static string RealPath(string path) => RealPath(path, hopsLeft: 40);

    private static string RealPath(string path, int hopsLeft)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var resolved = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            resolved = Path.Combine(resolved, part);
            FileSystemInfo info = Directory.Exists(resolved) ? new DirectoryInfo(resolved) : new FileInfo(resolved);
            if (info.LinkTarget is { } target)
            {
                if (hopsLeft == 0)
                {
                    throw new IOException($"too many levels of symbolic links: {path}");
                }
                resolved = RealPath(Path.GetFullPath(target, Path.GetDirectoryName(resolved)!), hopsLeft - 1);
            }
        }
        return resolved;
    }

    private static bool IsInside(string path, string root) =>
        path == root || path.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
