using MySqlRender.Input;
using MySqlRender.Schema;
using MySqlRender.Shared;
using MySqlRender.Validation;

namespace MySqlRender.Plugins.ArgoCd;

/// <summary>
/// Argo CD's discovery rule for mysqlrender: the app folder (or a non-hidden subfolder) holds a YAML document of
/// the group <c>otus.homework</c> (<see cref="DocumentClassifier.BelongsToUs"/>: any kind, any version), and the folder
/// itself is not a kustomize or Helm app. Lenient on purpose: a document of our group with the wrong kind or version
/// still matches, so that generate reports it with file and line instead of Argo CD applying it raw; and
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
        // Cheap pre-check: a file that never spells the group cannot match, and need not be parsed.
        if (!MentionsGroup(bytes))
        {
            return false;
        }
        var ignored = new DiagnosticBag();
        var file = Utf8FileReader.Decode(bytes, fullPath, displayPath, ignored);
        return file is not null && YamlDocumentParser.Parse(file, limits, ignored).Any(d => d.Root is YMapping root && DocumentClassifier.BelongsToUs(root));
    }

    /// <summary>The group's name anywhere in the bytes, in any ASCII letter case (the classifier accepts any case).</summary>
    private static bool MentionsGroup(ReadOnlySpan<byte> bytes)
    {
        var group = System.Text.Encoding.ASCII.GetBytes(MySqlSchema.Group);
        for (var i = 0; i + group.Length <= bytes.Length; i++)
        {
            var next = bytes[i..].IndexOfAny((byte)'o', (byte)'O');
            if (next < 0 || i + next + group.Length > bytes.Length)
            {
                return false;
            }
            i += next;
            if (System.Text.Ascii.EqualsIgnoreCase(bytes.Slice(i, group.Length), group))
            {
                return true;
            }
        }
        return false;
    }
}
