using MySqlRender.Model;
using MySqlRender.Shared;

namespace MySqlRender.Validation.Rules;

public sealed class RuleContext(DiagnosticBag diagnostics, RenderOptions options)
{
    public RenderOptions Options => options;

    public void Report(MySqlResource resource, string path, Severity severity, string code, string message, string? hint = null) =>
        diagnostics.Add(new Diagnostic(resource.Source.DisplayPath, NodeLocator.Find(resource.Source.Root, path),
            severity, code, $"{resource.Subject} {path}", message, hint));
}
