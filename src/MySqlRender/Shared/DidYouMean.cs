namespace MySqlRender.Shared;

/// <summary>Finds the closest known word for "did you mean ...?" hints.</summary>
public static class DidYouMean
{
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var word = Normalize(typed);
        foreach (var candidate in known)
        {
            var distance = Distance(word, Normalize(candidate));
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }
        var allowed = Math.Max(2, typed.Length / 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>storageSize, storage-size and STORAGE_SIZE all look like storage_size.</summary>
    private static string Normalize(string word) =>
        new([.. word.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
