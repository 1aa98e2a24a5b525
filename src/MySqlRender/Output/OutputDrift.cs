namespace MySqlRender.Output;

public enum DriftKind { Missing, Changed, NotRendered }

public sealed record FileDrift(string RelativePath, DriftKind Kind, string? Diff);

/// <summary>
/// What <c>render -o DIR</c> would change in DIR, file by file, without writing: for CI checks of committed
/// rendered manifests. Files no longer rendered count only when pruning, as only then would they be removed.
/// </summary>
public static class OutputDrift
{
    public static IReadOnlyList<FileDrift> Compare(string outputDirectory, IReadOnlyDictionary<string, string> files, bool prune)
    {
        var target = Path.GetFullPath(outputDirectory);
        var drift = new List<FileDrift>();
        foreach (var (relative, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
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
        drift.AddRange(NotRendered(target, files).Select(relative => new FileDrift(relative, DriftKind.NotRendered, null)));
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
