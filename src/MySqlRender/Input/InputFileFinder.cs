using MySqlRender.Validation;

namespace MySqlRender.Input;

/// <summary>
/// Expands the paths given on the command line into YAML files: folders recursively (<c>*.yaml</c>, <c>*.yml</c>,
/// hidden folders such as <c>.git</c> skipped), each file once, sorted by path so that output order is stable.
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
                foreach (var file in EnumerateYaml(full, diagnostics))
                {
                    Add(file, found, diagnostics);
                }
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

    private IEnumerable<string> EnumerateYaml(string folder, DiagnosticBag diagnostics, bool given = true)
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
            if (Path.GetFileName(sub).StartsWith('.') || IsLinkOutside(sub))
            {
                continue;
            }
            foreach (var file in EnumerateYaml(sub, diagnostics, given: false))
            {
                yield return file;
            }
        }
    }

    private bool IsLinkOutside(string folder) =>
        confineTo is not null && new DirectoryInfo(folder).LinkTarget is not null && !IsInside(RealPath(folder), RealPath(confineTo));

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
