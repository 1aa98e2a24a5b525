using System.Text;
using MySqlRender.Output;
using MySqlRender.Shared;

namespace MySqlRender.Tests;

/// <summary>
/// The spool encodes each object chunk by chunk into pooled buffers: a character outside the BMP (a surrogate pair)
/// that falls on a chunk boundary must still come out whole, and entries come out in input order.
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

    private static RenderedObject Parse(string name, string value)
    {
        var text = $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  k: \"{value}\"\n";
        var diagnostics = new DiagnosticBag();
        var document = Assert.Single(YamlDocumentParser.Parse(new SourceFile("t.yaml", "t.yaml", text), YamlLimits.Default, diagnostics));
        Assert.False(diagnostics.HasErrors, string.Join('\n', diagnostics.Sorted()));
        return ObjectHeader.Read(document, diagnostics)!;
    }
}
