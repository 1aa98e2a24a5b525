using MySqlRender.Model;
using MySqlRender.Shared;

namespace MySqlRender.Rendering;

/// <summary>
/// Renders one instance's templates and parses every result back, so that a template bug or an override that
/// produces something other than one Kubernetes object is caught before anything is written.
/// </summary>
/// <param name="pool">Shares equal texts between the objects when they are all kept until output (null: when each
/// is written out as soon as it is checked, a pool would only keep every instance's texts alive to the end).</param>
public sealed class InstanceRenderer(TemplateSet templates, RenderOptions options, StringPool? pool)
{
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
        var document = local.HasErrors ? null : WithStaticTexts(documents[0], text, where, local);
        var rendered = document is null ? null : ObjectHeader.Read(document, local);
        if (local.HasErrors)
        {
            diagnostics.AddRange(local.Sorted());
            return null;
        }
        return rendered! with { Source = resource.Source.DisplayPath };
    }

    /// <summary>The parsed document with the scripts' texts in place of their tokens (<see cref="StaticTexts"/>).</summary>
    private SourceDocument? WithStaticTexts(SourceDocument document, string text, string where, DiagnosticBag diagnostics)
    {
        if (!templates.Statics.MayHoldTokens(text))
        {
            return document;
        }
        if (templates.Statics.Restore(document.Root) is { } root)
        {
            return document with { Root = root };
        }
        diagnostics.Error(where, SourcePosition.Start, DiagnosticCodes.RenderedDocumentInvalid, "",
            "a container script is part of a larger value: a script can only be a whole value (e.g. `{{ scripts.job.files | yaml }}`)",
            "write the script's value on its own, through the yaml filter");
        return null;
    }
}
