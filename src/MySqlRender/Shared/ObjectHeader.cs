
namespace MySqlRender.Shared;

/// <summary>Reads apiVersion, kind and metadata.name/namespace of any document, reporting what a Kubernetes object lacks.</summary>
public static class ObjectHeader
{
    public static RenderedObject? Read(SourceDocument document, DiagnosticBag diagnostics, string? defaultNamespace = null)
    {
        var file = document.DisplayPath;
        if (document.Root is not YMapping root)
        {
            diagnostics.Error(file, document.Root.Position, DiagnosticCodes.NotAnObject, "",
                $"a document must be a mapping (a Kubernetes object), not {Describe(document.Root)}", "remove it or make it an object");
            return null;
        }
        var apiVersion = Text(root, "apiVersion");
        var kind = Text(root, "kind");
        var metadata = root["metadata"] as YMapping;
        var name = metadata is null ? null : Text(metadata, "name") ?? Text(metadata, "generateName");
        if (apiVersion is null || kind is null || name is null)
        {
            var missing = new[] { ("apiVersion", apiVersion), ("kind", kind), ("metadata.name", name) }
                .Where(f => f.Item2 is null).Select(f => f.Item1);
            diagnostics.Error(file, root.Position, DiagnosticCodes.NotAnObject, "",
                $"not a Kubernetes object: missing {string.Join(", ", missing)}", "every document needs apiVersion, kind and metadata.name");
            return null;
        }
        return new RenderedObject(root, file, apiVersion, kind, name, (metadata is null ? null : Text(metadata, "namespace")) ?? defaultNamespace);
    }

    public static string? Text(YMapping mapping, string key) =>
        mapping[key] is YScalar { Type: ScalarType.String } scalar && scalar.Value.Length > 0 ? scalar.Value : null;

    private static string Describe(YNode node) => node switch
    {
        YSequence => "a list",
        YScalar scalar => $"the scalar '{Truncate(scalar.Value)}'",
        _ => node.KindName,
    };

    private static string Truncate(string text) => text.Length > 40 ? text[..40] + "..." : text;
}
