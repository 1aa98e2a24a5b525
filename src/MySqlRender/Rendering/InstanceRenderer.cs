using Fluid;
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
        foreach (var name in ObjectPlan.For(resource))
        {
            var text = RenderTemplate(name, model);
            if (ParseBack(name, text, resource, diagnostics) is { } rendered)
            {
                objects.Add(rendered);
            }
        }
        return objects;
    }

    private string RenderTemplate(string name, Dictionary<string, object?> model)
    {
        var context = new TemplateContext(TemplateSet.Options);
        foreach (var (key, value) in model)
        {
            context.SetValue(key, value);
        }
        return templates.Template(name).Render(context);
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
        var document = local.HasErrors ? null : documents[0] with { Root = templates.Scripts.Splice(documents[0].Root) };
        if (document is not null && StaticScripts.Leaked(document.Root))
        {
            local.Error(where, SourcePosition.Start, DiagnosticCodes.RenderedDocumentInvalid, "",
                "a scripts.* value was used inside a larger value; use it whole, e.g. {{ scripts.backup | yaml }}");
        }
        var rendered = local.HasErrors ? null : ObjectHeader.Read(document!, local);
        if (local.HasErrors)
        {
            diagnostics.AddRange(local.Sorted());
            return null;
        }
        return rendered! with { Source = resource.Source.DisplayPath };
    }
}
