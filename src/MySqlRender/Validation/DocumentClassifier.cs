using MySqlRender.Schema;
using MySqlRender.Shared;

namespace MySqlRender.Validation;

public enum DocumentKind { MySql, OtherObject, ToolConfig, Invalid }

/// <summary>
/// The one answer to "is this document ours?" for every entry point (CLI, Argo CD discover and generate, the
/// kustomize exec plugin, the KRM function). Any document whose apiVersion names the group <c>otus.homework</c> is
/// ours: <c>otus.homework/v1</c> <c>MySQL</c> is rendered, <c>MySqlRenderConfig</c> configures the KRM function, and
/// anything else in the group is a located error, never an object passed through. A MySQL-looking kind of another
/// group is passed through with a warning (it may be another operator's resource, e.g. KubeDB's <c>MySQL</c>).
/// </summary>
public static class DocumentClassifier
{
    /// <summary>The typed functionConfig of <c>mysqlrender fn</c>; in a package it is configuration, not an object to apply.</summary>
    public const string FunctionConfigKind = "MySqlRenderConfig";

    private static readonly string[] KnownKinds = [MySqlSchema.Kind, FunctionConfigKind];

    public static DocumentKind Classify(SourceDocument document, DiagnosticBag diagnostics)
    {
        if (document.Root is not YMapping root)
        {
            ObjectHeader.Read(document, diagnostics);
            return DocumentKind.Invalid;
        }
        if (BelongsToUs(root))
        {
            return ClassifyOurs(document.DisplayPath, root, diagnostics);
        }
        var kind = ObjectHeader.Text(root, "kind");
        if (kind == MySqlSchema.Kind && root["apiVersion"] is null)
        {
            diagnostics.Error(document.DisplayPath, root.Position, DiagnosticCodes.WrongApiVersion, "",
                "kind MySQL without an apiVersion", $"set apiVersion: {MySqlSchema.ApiVersion}");
            return DocumentKind.Invalid;
        }
        if (LooksLikeMySql(root))
        {
            diagnostics.Warning(document.DisplayPath, (root["kind"] ?? root).Position, DiagnosticCodes.LookalikeKind, "",
                $"kind {kind} of apiVersion '{ObjectHeader.Text(root, "apiVersion")}' is not mysqlrender's and is passed through unchanged",
                $"for an instance mysqlrender renders, set apiVersion: {MySqlSchema.ApiVersion} and kind: {MySqlSchema.Kind}");
        }
        return ObjectHeader.Read(document, diagnostics) is null ? DocumentKind.Invalid : DocumentKind.OtherObject;
    }

    /// <summary>Whether the document's apiVersion names our group (in any letter case): ours to render or to reject.</summary>
    public static bool BelongsToUs(YMapping root) =>
        ObjectHeader.Text(root, "apiVersion") is { } apiVersion
        && string.Equals(GroupOf(apiVersion), MySqlSchema.Group, StringComparison.OrdinalIgnoreCase);

    /// <summary>Ours, and not the KRM function's own configuration: an item the renderer must see.</summary>
    public static bool IsForRenderer(YMapping root) =>
        BelongsToUs(root) && !(ObjectHeader.Text(root, "kind") == FunctionConfigKind && ObjectHeader.Text(root, "apiVersion") == MySqlSchema.ApiVersion);

    /// <summary>A kind spelled like MySQL in any letter case, of another group.</summary>
    public static bool LooksLikeMySql(YMapping root) =>
        !BelongsToUs(root) && string.Equals(ObjectHeader.Text(root, "kind"), MySqlSchema.Kind, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Every problem of the header at once (kind and version). A kind that differs from MySQL only in letter case
    /// is still validated as a MySQL resource, so that its other problems are reported in the same run.
    /// </summary>
    private static DocumentKind ClassifyOurs(string file, YMapping root, DiagnosticBag diagnostics)
    {
        var apiVersion = ObjectHeader.Text(root, "apiVersion")!;
        var kind = ObjectHeader.Text(root, "kind");
        var versionOk = apiVersion == MySqlSchema.ApiVersion;
        if (!versionOk)
        {
            diagnostics.Error(file, root["apiVersion"]!.Position, DiagnosticCodes.WrongApiVersion, "",
                $"apiVersion '{apiVersion}' of kind {kind ?? "(missing)"}: mysqlrender reads {MySqlSchema.ApiVersion}",
                $"set apiVersion: {MySqlSchema.ApiVersion}");
        }
        if (kind is not null && KnownKinds.Contains(kind))
        {
            return !versionOk ? DocumentKind.Invalid : kind == MySqlSchema.Kind ? DocumentKind.MySql : SkippedToolConfig(file, root, diagnostics);
        }
        diagnostics.Error(file, (root["kind"] ?? root).Position, DiagnosticCodes.UnknownKind, "",
            kind is null ? $"a document of {MySqlSchema.Group} without a kind" : $"kind '{kind}' is not a kind of {MySqlSchema.Group}",
            DidYouMean.Closest(kind ?? "", KnownKinds) is { } closest ? $"did you mean kind: {closest}?" : $"mysqlrender renders kind: {MySqlSchema.Kind}");
        return versionOk && string.Equals(kind, MySqlSchema.Kind, StringComparison.OrdinalIgnoreCase) ? DocumentKind.MySql : DocumentKind.Invalid;
    }

    private static DocumentKind SkippedToolConfig(string file, YMapping root, DiagnosticBag diagnostics)
    {
        diagnostics.Add(new Diagnostic(file, root.Position, Severity.Info, DiagnosticCodes.ToolConfigSkipped, "",
            $"skipped: {FunctionConfigKind} configures mysqlrender fn, it is not an object to apply", "docs/kpt.md"));
        return DocumentKind.ToolConfig;
    }

    /// <summary>The group of <c>group/version</c>; an apiVersion without a slash is the core group, unless it is only our group's name.</summary>
    private static string GroupOf(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/');
        if (slash >= 0)
        {
            return apiVersion[..slash];
        }
        return string.Equals(apiVersion, MySqlSchema.Group, StringComparison.OrdinalIgnoreCase) ? apiVersion : "";
    }
}
