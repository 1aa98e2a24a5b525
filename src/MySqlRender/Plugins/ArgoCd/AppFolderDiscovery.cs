using MySqlRender.Input;
using MySqlRender.Output;
using MySqlRender.Schema;
using MySqlRender.Validation;

namespace MySqlRender.Plugins.ArgoCd;

/// <summary>
/// Argo CD's discovery rule for mysqlrender: the app folder (or a non-hidden subfolder) holds a YAML document with
/// <c>apiVersion: otus.homework/v1</c> and <c>kind: MySQL</c>, and the folder itself is not a kustomize or Helm app.
/// Lenient on purpose: an invalid MySQL resource still matches (generate then reports it with file and line), and
/// unreadable or broken files are skipped, never an error.
/// </summary>
public static class AppFolderDiscovery
{
    /// <summary>Files that make the folder another tool's app (Argo CD's own detection looks for the same names).</summary>
    public static readonly string[] OtherToolMarkers = ["kustomization.yaml", "kustomization.yml", "Kustomization", "Chart.yaml"];

    /// <summary>The matching files, relative to the app folder; empty when the folder is not mysqlrender's.</summary>
    public static IReadOnlyList<string> MatchingFiles(string appFolder, string repositoryRoot)
    {
        if (OtherToolMarkers.Any(marker => File.Exists(Path.Combine(appFolder, marker))))
        {
            return [];
        }
        var ignored = new DiagnosticBag();
        var files = new InputFileFinder(appFolder, repositoryRoot).Find(["."], ignored);
        return [.. files.Where(f => HoldsMySqlResource(f.FullPath, f.DisplayPath)).Select(f => f.DisplayPath)];
    }

    private static bool HoldsMySqlResource(string fullPath, string displayPath)
    {
        var limits = YamlLimits.Default;
        byte[] bytes;
        try
        {
            if (new FileInfo(fullPath).Length > limits.MaxFileBytes)
            {
                return false;
            }
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        // Cheap pre-check: a file that never spells the apiVersion cannot match, and need not be parsed.
        if (bytes.AsSpan().IndexOf("otus.homework/v1"u8) < 0)
        {
            return false;
        }
        var ignored = new DiagnosticBag();
        var file = Utf8FileReader.Decode(bytes, fullPath, displayPath, ignored);
        return file is not null && YamlDocumentParser.Parse(file, limits, ignored).Any(IsMySql);
    }

    private static bool IsMySql(SourceDocument document) =>
        document.Root is YMapping root
        && ObjectHeader.Text(root, "apiVersion") == MySqlSchema.ApiVersion
        && ObjectHeader.Text(root, "kind") == MySqlSchema.Kind;
}
