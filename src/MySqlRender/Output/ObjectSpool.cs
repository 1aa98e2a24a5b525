using System.Text;
using MySqlRender.Shared;

namespace MySqlRender.Output;

/// <summary>
/// The output stream of a large render, held in an unlinked temporary file instead of memory: each entry's objects
/// are written as soon as they are checked (from any thread, in any order), and copied out in entry order only
/// once the whole run is known to be free of errors. Output stays all-or-nothing; memory stays flat.
/// </summary>
public sealed class ObjectSpool : IObjectSink, IDisposable
{
    private readonly FileStream file = new(Path.Combine(Path.GetTempPath(), $"mysqlrender-spool-{Guid.NewGuid():N}.yaml"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);

    private readonly SortedDictionary<int, (long Offset, int Length)> segments = [];
    private readonly Lock writing = new();

    /// <summary>Appends the stream text of one entry's objects (thread-safe).</summary>
    public void Add(int entry, IReadOnlyList<RenderedObject> objects)
    {
        var text = new StringBuilder();
        foreach (var rendered in objects)
        {
            ManifestStream.Append(text, rendered);
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        lock (writing)
        {
            segments[entry] = (file.Length, bytes.Length);
            file.Seek(0, SeekOrigin.End);
            file.Write(bytes);
        }
    }

    /// <summary>The whole stream, entries in input order.</summary>
    public void CopyTo(TextWriter output)
    {
        var buffer = Array.Empty<byte>();
        foreach (var (offset, length) in segments.Values)
        {
            if (buffer.Length < length)
            {
                buffer = new byte[length];
            }
            file.Seek(offset, SeekOrigin.Begin);
            file.ReadExactly(buffer, 0, length);
            output.Write(Encoding.UTF8.GetString(buffer, 0, length)); // one entry: whole characters
        }
        output.Flush();
    }

    public void Dispose() => file.Dispose();
}
