using MySqlRender.Model;
using MySqlRender.Shared;

namespace MySqlRender.Validation.Rules;

public sealed class RuleContext(DiagnosticBag diagnostics, RenderOptions options)
{
    public RenderOptions Options => options;

    public void Report(MySqlResource resource, string path, Severity severity, string code, string message, string? hint = null) =>
        Add(resource, NodeLocator.Find(resource.Source.Root, path), path, severity, code, message, hint);

    /// <summary>Reports at the key <paramref name="key"/> of the mapping at <paramref name="mappingPath"/>.</summary>
    public void ReportKey(MySqlResource resource, string mappingPath, string key, Severity severity, string code, string message, string? hint = null) =>
        Add(resource, NodeLocator.FindKey(resource.Source.Root, mappingPath, key), $"{mappingPath}.{key}", severity, code, message, hint);

    private void Add(MySqlResource resource, SourcePosition at, string path, Severity severity, string code, string message, string? hint) =>
        diagnostics.Add(new Diagnostic(resource.Source.DisplayPath, at, severity, code, $"{resource.Subject} {path}", message, hint));
}
