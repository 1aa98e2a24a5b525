using MySqlRender.Input;
using MySqlRender.Model;
using MySqlRender.Shared;
using MySqlRender.Validation;

namespace MySqlRender.Rendering;

/// <summary>
/// The one entry point of every command and plugin: read -> validate -> render -> check and order.
/// Returns all objects or, when anything is wrong, no objects and every diagnostic.
/// </summary>
public static class RenderEngine
{
    public static RenderResult Render(IEnumerable<string> paths, RenderOptions options)
    {
        var diagnostics = new DiagnosticBag();
        var documents = InputLoader.Load(paths, options.DisplayRoot, options.ConfineTo, options.Limits, diagnostics);
        return Render(documents, options, diagnostics);
    }

    public static RenderResult Render(IReadOnlyList<SourceDocument> documents, RenderOptions options, DiagnosticBag diagnostics)
    {
        var entries = Validate(documents, options, diagnostics);
        DuplicateInstances.Check(entries.OfType<MySqlResource>(), diagnostics);
        var templates = diagnostics.HasErrors ? null : TemplateSet.Load(options.TemplatesDirectory, diagnostics);
        if (templates is null || diagnostics.HasErrors)
        {
            return Failed(diagnostics);
        }
        var objects = RenderAll(entries, new InstanceRenderer(templates, options), diagnostics);
        DuplicateObjects.Check(objects, diagnostics);
        return diagnostics.HasErrors ? Failed(diagnostics)
            : new RenderResult(objects, [.. entries.OfType<MySqlResource>()], diagnostics.Sorted());
    }

    /// <summary>
    /// The objects of every entry, in entry order. Instances are independent, so many of them render on all cores;
    /// each writes only its own slot and diagnostic bag, so the result is the same as one by one.
    /// </summary>
    private static List<RenderedObject> RenderAll(List<object> entries, InstanceRenderer renderer, DiagnosticBag diagnostics)
    {
        var perEntry = new IReadOnlyList<RenderedObject>[entries.Count];
        var bags = new DiagnosticBag[entries.Count];
        void RenderEntry(int i)
        {
            bags[i] = new DiagnosticBag();
            perEntry[i] = entries[i] switch
            {
                MySqlResource resource => renderer.Render(resource, bags[i]),
                RenderedObject passThrough => [passThrough],
                _ => [],
            };
        }
        if (entries.Count >= ParallelFrom && Environment.ProcessorCount > 1)
        {
            Parallel.For(0, entries.Count, RenderEntry);
        }
        else
        {
            for (var i = 0; i < entries.Count; i++)
            {
                RenderEntry(i);
            }
        }
        var objects = new List<RenderedObject>();
        for (var i = 0; i < entries.Count; i++)
        {
            diagnostics.AddRange(bags[i].Items);
            objects.AddRange(perEntry[i]);
        }
        return objects;
    }

    /// <summary>Below this many documents, starting worker threads costs more than it saves.</summary>
    private const int ParallelFrom = 32;

    /// <summary>Each document in input order: its MySqlResource, a pass-through object, or nothing.</summary>
    private static List<object> Validate(IReadOnlyList<SourceDocument> documents, RenderOptions options, DiagnosticBag diagnostics)
    {
        var entries = new List<object>();
        foreach (var document in documents)
        {
            switch (DocumentClassifier.Classify(document, diagnostics))
            {
                case DocumentKind.MySql when ResourceValidator.Validate(document, options, diagnostics) is { } resource:
                    entries.Add(resource);
                    break;
                case DocumentKind.OtherObject when !options.OnlyMySql:
                    entries.Add(ObjectHeader.Read(document, diagnostics)!);
                    break;
            }
        }
        return entries;
    }

    private static RenderResult Failed(DiagnosticBag diagnostics) => new([], [], diagnostics.Sorted());
}
