using System.Buffers;
using System.Text;
using MySqlRender.Shared;

namespace MySqlRender.Output;

/// <summary>
/// The output stream of a large render, held in an unlinked temporary file instead of memory: each entry's objects
/// are written as soon as they are checked (from any thread, in any order), and copied out in entry order only
/// once the whole run is known to be free of errors. Output stays all-or-nothing; memory stays flat.
/// </summary>
/// <param name="folder">Where the file is made (default: the system's temporary folder).</param>
public sealed class ObjectSpool(string? folder = null) : IObjectSink, IDisposable
{
    private readonly FileStream file = OpenUnlinked(folder ?? Path.GetTempPath());

    /// <summary>
    /// A new file that no name points to: on Linux and macOS it is unlinked as soon as it is open, so a run killed
    /// before it could close it (SIGKILL, the Argo CD deadline's SIGTERM, Ctrl-C) leaves nothing behind; elsewhere
    /// it is deleted when closed.
    /// </summary>
    private static FileStream OpenUnlinked(string folder)
    {
        var path = Path.Combine(folder, $"mysqlrender-spool-{Guid.NewGuid():N}.yaml");
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path);
        }
        return stream;
    }

    /// <summary>Each entry's bytes in the file, and where each of its objects ends within them.</summary>
    private readonly SortedDictionary<int, (long Offset, int Length, int[] ObjectEnds)> segments = [];
    private readonly Lock writing = new();

    /// <summary>
    /// Appends the stream text of one entry's objects (thread-safe). Each object is written into this thread's
    /// reused text buffer and encoded into a pooled byte buffer: an instance's ~100 KB never becomes a new large
    /// object (those are only collected by full collections, so per-instance ones would pile up between them).
    /// </summary>
    public void Add(int entry, IReadOnlyList<RenderedObject> objects)
    {
        var text = ObjectText ??= new StringBuilder(1 << 16);
        var bytes = ArrayPool<byte>.Shared.Rent(1 << 16);
        var length = 0;
        try
        {
            var encoder = Encoding.UTF8.GetEncoder(); // keeps a surrogate pair that two chunks split
            var ends = new int[objects.Count];
            for (var i = 0; i < objects.Count; i++)
            {
                ManifestStream.Append(text.Clear(), objects[i]);
                foreach (var chunk in text.GetChunks())
                {
                    bytes = Fit(bytes, length, length + Encoding.UTF8.GetMaxByteCount(chunk.Length + 1));
                    length += encoder.GetBytes(chunk.Span, bytes.AsSpan(length), flush: false);
                }
                bytes = Fit(bytes, length, length + Encoding.UTF8.GetMaxByteCount(1));
                ends[i] = length += encoder.GetBytes([], bytes.AsSpan(length), flush: true);
            }
            lock (writing)
            {
                segments[entry] = (file.Length, length, ends);
                file.Seek(0, SeekOrigin.End);
                file.Write(bytes, 0, length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
        if (text.Capacity > MaxKeptText)
        {
            ObjectText = null; // an unusually large object: do not keep its buffer for the rest of the run
        }
    }

    [ThreadStatic]
    private static StringBuilder? ObjectText;

    private const int MaxKeptText = 1 << 20;

    /// <summary>A buffer of at least <paramref name="needed"/> bytes holding the first <paramref name="used"/> of <paramref name="bytes"/>.</summary>
    private static byte[] Fit(byte[] bytes, int used, int needed)
    {
        if (needed <= bytes.Length)
        {
            return bytes;
        }
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, bytes.Length * 2));
        bytes.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(bytes);
        return larger;
    }

    /// <summary>The whole stream, entries in input order, through fixed buffers (no text the size of an entry).</summary>
    public void CopyTo(TextWriter output)
    {
        if (output is StreamWriter { Encoding: UTF8Encoding } writer)
        {
            // stdout: the spooled bytes are already its encoding, so they go out as they are.
            writer.Flush();
            ForEachBlock((bytes, count, _) => writer.BaseStream.Write(bytes, 0, count));
            writer.BaseStream.Flush();
            return;
        }
        var chars = new char[Encoding.UTF8.GetMaxCharCount(CopyBlock)];
        var decoder = Encoding.UTF8.GetDecoder();
        ForEachBlock((bytes, count, endOfEntry) => output.Write(chars, 0, decoder.GetChars(bytes, 0, count, chars, 0, flush: endOfEntry)));
        output.Flush();
    }

    /// <summary>Reads the entries in input order into one reused buffer, block by block.</summary>
    private void ForEachBlock(Action<byte[], int, bool> write)
    {
        var bytes = new byte[CopyBlock];
        foreach (var (offset, length, _) in segments.Values)
        {
            file.Seek(offset, SeekOrigin.Begin);
            for (var done = 0; done < length;)
            {
                var block = Math.Min(CopyBlock, length - done);
                file.ReadExactly(bytes, 0, block);
                done += block;
                write(bytes, block, done == length);
            }
        }
    }

    /// <summary>The stream text of one object (the <paramref name="index"/>-th of its entry), read back from the file.</summary>
    public string ReadObject(int entry, int index)
    {
        var (offset, _, ends) = segments[entry];
        var start = index == 0 ? 0 : ends[index - 1];
        var bytes = new byte[ends[index] - start];
        file.Seek(offset + start, SeekOrigin.Begin);
        file.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    private const int CopyBlock = 1 << 16;

    public void Dispose() => file.Dispose();
}
