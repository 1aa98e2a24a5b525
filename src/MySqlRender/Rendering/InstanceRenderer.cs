using MySqlRender.Model;
using MySqlRender.Shared;

namespace MySqlRender.Rendering;

/// <summary>
/// Renders one instance's templates and parses every result back, so that a template bug or an override that
/// produces something other than one Kubernetes object is caught before anything is written.
/// </summary>
public sealed class InstanceRenderer(TemplateSet templates, RenderOptions options)
{
    private readonly StringPool pool = new();

    public IReadOnlyList<RenderedObject> Render(MySqlResource resource, DiagnosticBag diagnostics)
    {
        var model = ViewModelBuilder.Build(resource, options, templates);
        var objects = new List<RenderedObject>();
        foreach (var name in ObjectPlan.For(resource, options.Target))
        {
            if (RenderTemplate(name, model, resource, diagnostics) is { } text
                && ParseBack(name, text, resource, diagnostics) is { } rendered)
            {
                objects.Add(rendered);
            }
        }
        return objects;
    }

    private string? RenderTemplate(string name, Dictionary<string, object?> model, MySqlResource resource, DiagnosticBag diagnostics)
    {
        try
        {
            return templates.Runner.Render(name, model);
        }
        catch (TemplateRenderException error)
        {
            var file = string.IsNullOrEmpty(error.Span.FileName) ? templates.SourceOf(name) : error.Span.FileName;
            diagnostics.Error(file, TemplateErrors.PositionOf(error.Span), DiagnosticCodes.TemplateError, resource.Subject,
                $"template error: {error.Message}", "every name a template uses must exist in the view model (docs/templates.md)");
            return null;
        }
    }

    private RenderedObject? ParseBack(string template, string text, MySqlResource resource, DiagnosticBag diagnostics)
    {
        var where = $"{templates.SourceOf(template)} (rendered for {resource.Subject})";
        var local = new DiagnosticBag();
        var documents = YamlDocumentParser.Parse(new SourceFile(where, where, text), options.Limits, local, pool);
        if (documents.Count != 1 && !local.HasErrors)
        {
            local.Error(where, SourcePosition.Start, DiagnosticCodes.RenderedDocumentInvalid, "",
                $"a template must render exactly one object, this one rendered {documents.Count}");
        }
        var rendered = local.HasErrors ? null : ObjectHeader.Read(documents[0], local);
        if (local.HasErrors)
        {
            diagnostics.AddRange(local.Sorted());
            return null;
        }
        return rendered! with { Source = resource.Source.DisplayPath };
    }
}
