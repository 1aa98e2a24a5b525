using MySqlRender.Schema;
using MySqlRender.Shared;

namespace MySqlRender.Model;

/// <summary>Reads fields of a document that passed <see cref="SchemaBinder"/>, falling back to the schema's defaults.</summary>
public readonly struct FieldReader(YMapping? mapping, SchemaField schema)
{
    public FieldReader Object(string name) => new(Node(name) as YMapping, schema.Field(name));

    public bool Has(string name) => Node(name) is not null;

    public string? String(string name) => (Node(name) as YScalar)?.Value ?? schema.Field(name).Default as string;

    public string RequiredString(string name) => String(name) ?? throw new InvalidOperationException($"{name} was not validated");

    public long Integer(string name) => Node(name) is YScalar s ? long.Parse(s.Value) : (long)schema.Field(name).Default!;

    /// <summary>An integer without a schema default (a computed one): null when absent.</summary>
    public long? OptionalInteger(string name) => Node(name) is YScalar s ? long.Parse(s.Value) : null;

    public bool Boolean(string name) => Node(name) is YScalar s ? ScalarResolver.IsTrue(s.Value) : (bool)schema.Field(name).Default!;

    public IReadOnlyDictionary<string, string> StringMap(string name) =>
        Node(name) is YMapping map
            ? map.Entries.ToDictionary(e => e.Key.Value, e => ((YScalar)e.Value).Value, StringComparer.Ordinal)
            : System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty; // absent: one shared map, not one per instance

    /// <summary>The items of a list of objects, each read against the list's item schema.</summary>
    public IEnumerable<FieldReader> Items(string name)
    {
        var item = schema.Field(name).Item!;
        return Node(name) is YSequence sequence ? sequence.Items.Select(node => new FieldReader(node as YMapping, item)) : [];
    }

    /// <summary>A list of strings; absent is empty.</summary>
    public IReadOnlyList<string> Strings(string name) =>
        Node(name) is YSequence sequence ? [.. sequence.Items.OfType<YScalar>().Select(s => s.Value)] : [];

    /// <summary>A field passed through as written (e.g. a Kubernetes Affinity), as plain values; null when absent.</summary>
    public object? Plain(string name) => Node(name) is { } node ? PlainValue.Of(node) : null;

    /// <summary>Null values count as absent, as they do for the Kubernetes API.</summary>
    private YNode? Node(string name) => mapping?[name] is { } node and not YScalar { Type: ScalarType.Null } ? node : null;
}
