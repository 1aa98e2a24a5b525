using System.Collections;
using System.Collections.Concurrent;
using MySqlRender.Shared;

namespace MySqlRender.Output;

/// <summary>
/// The files of <c>render -o DIR</c> (<see cref="OutputLayout"/>) with flat memory: the objects stay in a spool
/// while the render runs, and a file's text is read back only when the writer or the drift check asks for it.
/// Objects that share a file are in it in input order, as <see cref="OutputLayout.Files"/> writes them.
/// </summary>
public sealed class SpooledFiles : IObjectSink, IReadOnlyDictionary<string, string>, IDisposable
{
    private readonly ObjectSpool spool = new();
    private readonly ConcurrentDictionary<int, string[]> pathsByEntry = new();
    private SortedDictionary<string, List<(int Entry, int Index)>>? layout;

    /// <summary>Thread-safe; called once per entry while the render runs, before anything is read.</summary>
    public void Add(int entry, IReadOnlyList<RenderedObject> objects)
    {
        spool.Add(entry, objects);
        pathsByEntry[entry] = [.. objects.Select(OutputLayout.RelativePath)];
    }

    private SortedDictionary<string, List<(int Entry, int Index)>> Layout => layout ??= Build();

    private SortedDictionary<string, List<(int Entry, int Index)>> Build()
    {
        var files = new SortedDictionary<string, List<(int, int)>>(StringComparer.Ordinal);
        foreach (var (entry, paths) in pathsByEntry.OrderBy(p => p.Key))
        {
            for (var i = 0; i < paths.Length; i++)
            {
                if (!files.TryGetValue(paths[i], out var parts))
                {
                    files[paths[i]] = parts = [];
                }
                parts.Add((entry, i));
            }
        }
        return files;
    }

    public string this[string key] =>
        Layout.TryGetValue(key, out var parts) ? string.Concat(parts.Select(p => spool.ReadObject(p.Entry, p.Index))) : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => Layout.Keys;

    public IEnumerable<string> Values => Keys.Select(key => this[key]);

    public int Count => Layout.Count;

    public bool ContainsKey(string key) => Layout.ContainsKey(key);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value)
    {
        value = ContainsKey(key) ? this[key] : null;
        return value is not null;
    }

    /// <summary>In path order, each file's text read when it is reached.</summary>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Keys.Select(key => KeyValuePair.Create(key, this[key])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose() => spool.Dispose();
}
