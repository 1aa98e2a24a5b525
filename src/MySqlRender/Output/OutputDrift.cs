namespace MySqlRender.Output;

public enum DriftKind { Missing, Changed, NotRendered }

/// <param name="Diff">A unified diff from the folder's file to the rendered one (<c>/dev/null</c> for a missing or removed file).</param>
public sealed record FileDrift(string RelativePath, DriftKind Kind, string Diff);

/// <summary>
/// What <c>render -o DIR</c> would change in DIR, file by file, without writing: for CI checks of committed
/// rendered manifests. Files no longer rendered count only when pruning, as only then would they be removed. The
/// diffs together are a patch that brings the folder up to date (<c>git apply</c> or <c>patch -p1</c> inside it).
/// </summary>
public static class OutputDrift
{
    public static IReadOnlyList<FileDrift> Compare(string outputDirectory, IReadOnlyDictionary<string, string> files, bool prune)
    {
        var target = Path.GetFullPath(outputDirectory);
        var drift = new List<FileDrift>();
        foreach (var relative in files.Keys.Order(StringComparer.Ordinal))
        {
            var content = files[relative]; // one file's text at a time (SpooledFiles reads it only now)
            var path = Path.Combine(target, relative);
            if (!File.Exists(path))
            {
                drift.Add(new FileDrift(relative, DriftKind.Missing, UnifiedDiff.Create("", content, "/dev/null", "b/" + relative)));
                continue;
            }
            var current = File.ReadAllText(path);
            if (current != content)
            {
                drift.Add(new FileDrift(relative, DriftKind.Changed, UnifiedDiff.Create(current, content, "a/" + relative, "b/" + relative)));
            }
        }
        drift.AddRange(NotRendered(target, files).Select(relative =>
            new FileDrift(relative, DriftKind.NotRendered, UnifiedDiff.Create(File.ReadAllText(Path.Combine(target, relative)), "", "a/" + relative, "/dev/null"))));
        return prune ? drift : drift.Where(d => d.Kind != DriftKind.NotRendered).ToList();
    }

    public static IEnumerable<string> NotRendered(string target, IReadOnlyDictionary<string, string> files) =>
        !Directory.Exists(target)
            ? []
            : Directory.EnumerateFiles(target, "*.yaml", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(target, path).Replace('\\', '/'))
                .Where(relative => !files.ContainsKey(relative))
                .Order(StringComparer.Ordinal);
}
