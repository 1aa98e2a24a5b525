namespace MySqlRender.Tests;

/// <summary>Every file (relative path -> content) and folder under a root, to prove a run changed nothing.</summary>
public static class FolderSnapshot
{
    public static SortedDictionary<string, string> Of(string root)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, entry);
            entries[relative] = Directory.Exists(entry) ? "<folder>" : File.ReadAllText(entry);
        }
        return entries;
    }

    /// <summary>Empty when both are equal; else one line per added, removed or changed entry.</summary>
    public static string Describe(SortedDictionary<string, string> before, SortedDictionary<string, string> after)
    {
        var lines = new List<string>();
        lines.AddRange(after.Keys.Except(before.Keys).Select(k => $"added {k}"));
        lines.AddRange(before.Keys.Except(after.Keys).Select(k => $"removed {k}"));
        lines.AddRange(before.Keys.Intersect(after.Keys).Where(k => before[k] != after[k]).Select(k => $"changed {k}"));
        return string.Join('\n', lines);
    }
}
