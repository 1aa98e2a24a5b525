using MySqlRender.Input;
using MySqlRender.Shared;

namespace MySqlRender.Plugins.Krm;

/// <summary>
/// Finds the file an item came from, so diagnostics can give the user's line and column. kpt runs functions in
/// the folder it was started from and gives paths relative to the package, so the package is looked for there and
/// in folders below holding a Kptfile. The document must hold the same data as the item, else nothing is found.
/// </summary>
public static class OriginalSourceLocator
{
    private const int MaxDepth = 4;

    public static SourceDocument? Find(ResourceListItem item, string workingDirectory, YamlLimits limits)
    {
        if (item.FilePath is not { } path || Path.IsPathRooted(path) || path.Split('/').Contains(".."))
        {
            return null;
        }
        foreach (var root in PackageRoots(workingDirectory, MaxDepth))
        {
            var full = Path.Combine(root, path);
            if (File.Exists(full) && DocumentAt(full, workingDirectory, item.FileIndex, limits) is { } document
                && DocumentMatcher.SameData(document.Root, item.Root))
            {
                return document;
            }
        }
        return null;
    }

    private static IEnumerable<string> PackageRoots(string folder, int depth)
    {
        yield return folder;
        if (depth == 0)
        {
            yield break;
        }
        var subfolders = Directory.EnumerateDirectories(folder, "*", new EnumerationOptions { IgnoreInaccessible = true }).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal);
        foreach (var sub in subfolders)
        {
            foreach (var root in PackageRoots(sub, depth - 1).Where(r => r != sub || File.Exists(Path.Combine(sub, "Kptfile"))))
            {
                yield return root;
            }
        }
    }

    private static SourceDocument? DocumentAt(string fullPath, string workingDirectory, int index, YamlLimits limits)
    {
        var scratch = new DiagnosticBag();
        var display = Path.GetRelativePath(workingDirectory, fullPath).Replace('\\', '/');
        var file = Utf8FileReader.Read(fullPath, display, limits, scratch);
        return file is null ? null : YamlDocumentParser.Parse(file, limits, scratch).FirstOrDefault(d => d.Index == index);
    }
}
