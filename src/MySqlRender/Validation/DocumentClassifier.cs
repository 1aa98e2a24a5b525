using MySqlRender.Input;
using MySqlRender.Output;
using MySqlRender.Schema;

namespace MySqlRender.Validation;

public enum DocumentKind { MySql, OtherObject, Invalid }

/// <summary>Ours (otus.homework/v1 MySQL), another Kubernetes object to pass through, or neither.</summary>
public static class DocumentClassifier
{
    public static DocumentKind Classify(SourceDocument document, DiagnosticBag diagnostics)
    {
        if (document.Root is YMapping root && ObjectHeader.Text(root, "kind") == MySqlSchema.Kind)
        {
            var apiVersion = ObjectHeader.Text(root, "apiVersion");
            if (apiVersion == MySqlSchema.ApiVersion)
            {
                return DocumentKind.MySql;
            }
            diagnostics.Error(document.DisplayPath, (root["apiVersion"] ?? root).Position, DiagnosticCodes.WrongApiVersion, "",
                $"kind MySQL with apiVersion '{apiVersion ?? "(missing)"}'; mysqlrender reads {MySqlSchema.ApiVersion}",
                $"set apiVersion: {MySqlSchema.ApiVersion}");
            return DocumentKind.Invalid;
        }
        return ObjectHeader.Read(document, diagnostics) is null ? DocumentKind.Invalid : DocumentKind.OtherObject;
    }
}
