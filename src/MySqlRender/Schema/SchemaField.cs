using MySqlRender.Schema.Formats;

namespace MySqlRender.Schema;

/// <summary>
/// One field of the MySQL resource. This is the single source the binder, the CRD, the JSON Schema and the
/// README reference are generated from.
/// </summary>
public sealed record SchemaField(string Name, FieldKind Kind, string Description)
{
    public bool Required { get; init; }

    /// <summary>The default as a typed value (string, long or bool); null when there is none.</summary>
    public object? Default { get; init; }

    /// <summary>Prose for defaults that are computed rather than constant, e.g. "the instance's storageClassName".</summary>
    public string? DefaultDescription { get; init; }

    public ValueFormat? Format { get; init; }

    public long? Minimum { get; init; }

    public long? Maximum { get; init; }

    /// <summary>Fields of an <see cref="FieldKind.Object"/>.</summary>
    public IReadOnlyList<SchemaField> Fields { get; init; } = [];

    /// <summary>What each item of a <see cref="FieldKind.List"/> is.</summary>
    public SchemaField? Item { get; init; }

    /// <summary>A string (or string map value) that may also be written as a YAML integer, e.g. <c>max_connections: 200</c>.</summary>
    public bool AcceptsIntegers { get; init; }

    /// <summary>Keys allowed in a <see cref="FieldKind.StringMap"/>; null means any key.</summary>
    public IReadOnlyList<string>? AllowedKeys { get; init; }

    /// <summary>A hint per key of a <see cref="FieldKind.StringMap"/>, shown with a bad value (CPU and memory want different examples).</summary>
    public IReadOnlyDictionary<string, string>? KeyHints { get; init; }

    /// <summary>An object whose content is not checked (e.g. <c>status</c>).</summary>
    public bool AllowAnyFields { get; init; }

    /// <summary>Keys accepted and ignored, e.g. the server-set fields of <c>metadata</c> in an exported resource.</summary>
    public IReadOnlyList<string> IgnoredKeys { get; init; } = [];

    /// <summary>Quantities are int-or-string in Kubernetes: <c>cpu: 1</c> is as valid as <c>cpu: "1"</c>.</summary>
    public bool AcceptsNumbers => Format?.Name == "quantity";

    public SchemaField Field(string name) => Fields.First(f => f.Name == name);
}
