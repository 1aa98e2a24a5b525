using MySqlRender.Shared;

namespace MySqlRender.Plugins.Krm;

/// <summary>One <c>results[]</c> entry: a diagnostic, the item it is about and where in that item.</summary>
public sealed record FunctionResult(Diagnostic Diagnostic, ResourceListItem? Item, YNode? Document)
{
    public YMapping ToNode()
    {
        var hint = Diagnostic.Hint is null ? "" : $" ({Diagnostic.Hint})";
        // kpt prints resourceRef and field before the message; the subject is repeated only when there is no item.
        var subject = Item is null && Diagnostic.Subject.Length > 0 ? Diagnostic.Subject + ": " : "";
        var field = Document is null ? null : FieldPath.At(Document, Diagnostic.Position);
        return Y.Map(
            ("message", Y.Str($"{Diagnostic.Code}: {subject}{Diagnostic.Message}{hint}")),
            ("severity", Y.Str(Diagnostic.Severity.ToString().ToLowerInvariant())),
            ("resourceRef", Item is null ? null : ResourceRef(Item.Root)),
            ("field", field is null ? null : Y.Map(("path", Y.Str(field)))),
            ("file", Item?.FilePath is { } path ? Y.Map(("path", Y.Str(path)), ("index", Y.Int(Item.FileIndex))) : null),
            ("tags", Y.Map(("code", Y.Str(Diagnostic.Code)), ("location", Y.Str($"{Diagnostic.File}:{Diagnostic.Position}")))));
    }

    private static YMapping ResourceRef(YMapping root)
    {
        var metadata = root["metadata"] as YMapping;
        return Y.Map(
            ("apiVersion", ObjectHeader.Text(root, "apiVersion") is { } apiVersion ? Y.Str(apiVersion) : null),
            ("kind", ObjectHeader.Text(root, "kind") is { } kind ? Y.Str(kind) : null),
            ("name", metadata is not null && ObjectHeader.Text(metadata, "name") is { } name ? Y.Str(name) : null),
            ("namespace", metadata is not null && ObjectHeader.Text(metadata, "namespace") is { } ns ? Y.Str(ns) : null));
    }
}
