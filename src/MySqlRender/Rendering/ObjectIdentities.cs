using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using MySqlRender.Shared;

namespace MySqlRender.Rendering;

/// <summary>
/// Two objects with the same identity in one output would silently replace each other when applied (e.g. the
/// cluster-scoped PersistentVolumes of two instances with one name in different namespaces). This check does not
/// keep the objects, so that a large render stays flat: each identity is remembered as a 128-bit digest (a collision among a million objects has a chance of
/// about 10^-27), and only a repeated one keeps its text. Objects arrive from any thread in any order; the report
/// is the same as in input order: the first is the one from the earliest entry.
/// </summary>
public sealed class ObjectIdentities(int entries)
{
    private readonly ConcurrentDictionary<UInt128, int> firstEntry = new();
    private readonly ConcurrentBag<(UInt128 Key, int Entry, string Object)> repeats = [];
    private readonly (string File, SourcePosition? At)[] sources = new (string, SourcePosition?)[entries];
    private int count;

    public int Count => count;

    /// <summary>The check of one list of objects, each its own entry.</summary>
    public static void Check(IReadOnlyList<RenderedObject> objects, DiagnosticBag diagnostics)
    {
        var identities = new ObjectIdentities(objects.Count);
        for (var i = 0; i < objects.Count; i++)
        {
            identities.Add(i, [objects[i]], at: null);
        }
        identities.Report(diagnostics);
    }

    /// <summary>Thread-safe; each entry adds its objects once. <paramref name="at"/>: where the entry's document starts (null: not known).</summary>
    public void Add(int entry, IReadOnlyList<RenderedObject> objects, SourcePosition? at)
    {
        Interlocked.Add(ref count, objects.Count);
        foreach (var rendered in objects)
        {
            sources[entry] = (rendered.Source, at);
            var key = Digest(rendered.Identity);
            if (!firstEntry.TryAdd(key, entry))
            {
                repeats.Add((key, entry, rendered.ToString()));
            }
        }
    }

    public void Report(DiagnosticBag diagnostics)
    {
        foreach (var group in repeats.GroupBy(r => r.Key).OrderBy(g => g.Min(r => r.Entry)))
        {
            var inOrder = group.Select(r => r.Entry).Append(firstEntry[group.Key]).Order().ToList();
            var subject = group.First().Object;
            foreach (var duplicate in inOrder.Skip(1))
            {
                var (file, at) = sources[duplicate];
                diagnostics.Error(file, at ?? SourcePosition.Start, DiagnosticCodes.DuplicateObject, subject,
                    $"this object is produced twice (also from {Where(sources[inOrder[0]])})", "rename one of the instances or objects");
            }
        }
    }

    private static string Where((string File, SourcePosition? At) source) =>
        source.At is { } at ? $"{source.File}:{at.Line}:{at.Column}" : source.File;

    private static UInt128 Digest(string identity)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(identity), hash);
        return BitConverter.ToUInt128(hash);
    }
}
