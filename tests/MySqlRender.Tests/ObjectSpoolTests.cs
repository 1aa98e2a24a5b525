using System.Text;
using MySqlRender.Output;
using MySqlRender.Shared;

namespace MySqlRender.Tests;

/// <summary>
/// The spool encodes each object chunk by chunk into pooled buffers: a character outside the BMP (a surrogate pair)
/// that falls on a chunk boundary must still come out whole, entries come out in input order, and the file never outlives
/// the process.
/// </summary>
public sealed class ObjectSpoolTests
{
    [Fact]
    public void Long_values_with_surrogate_pairs_come_out_exactly_as_the_in_memory_stream_in_entry_order()
    {
        // Names of six lengths: the text builder's chunk boundaries fall at six different places within the pairs.
        var objects = Enumerable.Range(0, 6).Select(i => Parse(new string('m', i + 1), string.Concat(Enumerable.Repeat("a😀", 40_000)))).ToList();
        using var spool = new ObjectSpool();

        foreach (var entry in new[] { 5, 0, 3, 1, 4, 2 })
        {
            spool.Add(entry, [objects[entry]]);
        }
        var output = new StringWriter();
        spool.CopyTo(output);

        Assert.Equal(ManifestStream.Write(objects), output.ToString());
        Assert.Contains("😀a😀", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void To_a_UTF8_stream_writer_such_as_stdout_the_bytes_are_the_same_as_the_text()
    {
        var objects = Enumerable.Range(0, 3).Select(i => Parse($"n{i}", string.Concat(Enumerable.Repeat("é😀", 30_000)))).ToList();
        using var spool = new ObjectSpool();
        foreach (var entry in new[] { 2, 0, 1 })
        {
            spool.Add(entry, [objects[entry]]);
        }
        using var bytes = new MemoryStream();
        var stdout = new StreamWriter(bytes, new UTF8Encoding(false)) { NewLine = "\n" };
        stdout.Write("before\n"); // what was written first stays first

        spool.CopyTo(stdout);

        Assert.Equal(Encoding.UTF8.GetBytes("before\n" + ManifestStream.Write(objects)), bytes.ToArray());
    }

    [Fact]
    public void The_file_has_no_name_from_the_start_so_a_killed_run_leaves_nothing_behind()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Windows deletes the file when it is closed");
        using var folder = new TempFolder();
        var objects = new[] { Parse("first", "value"), Parse("second", "value") };

        using (var spool = new ObjectSpool(folder.Path))
        {
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
            spool.Add(1, [objects[1]]);
            spool.Add(0, [objects[0]]);
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
            var output = new StringWriter();
            spool.CopyTo(output);
            Assert.Equal(ManifestStream.Write(objects), output.ToString());
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    private static RenderedObject Parse(string name, string value)
    {
        var text = $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  k: \"{value}\"\n";
        var diagnostics = new DiagnosticBag();
        var document = Assert.Single(YamlDocumentParser.Parse(new SourceFile("t.yaml", "t.yaml", text), YamlLimits.Default, diagnostics));
        Assert.False(diagnostics.HasErrors, string.Join('\n', diagnostics.Sorted()));
        return ObjectHeader.Read(document, diagnostics)!;
    }
}
