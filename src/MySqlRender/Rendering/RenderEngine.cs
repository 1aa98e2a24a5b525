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
        var (entries, renderer) = Prepare(documents, options, diagnostics, new StringPool());
        if (renderer is null)
        {
            return Failed(diagnostics);
        }
        var perEntry = new IReadOnlyList<RenderedObject>[entries.Count];
        RenderAll(entries, renderer, diagnostics, (i, rendered) => perEntry[i] = rendered);
        var objects = perEntry.SelectMany(o => o).ToList();
        return diagnostics.HasErrors ? Failed(diagnostics)
            : new RenderResult(objects, [.. entries.OfType<MySqlResource>()], diagnostics.Sorted());
    }

    /// <summary>
    /// The same render with flat memory: documents are read and validated one at a time, and a resource keeps its
    /// spec, not its input's node tree; each entry's objects go to <paramref name="spool"/> (when given) as soon as
    /// they are checked, and only a digest of their identity stays (for the duplicate check). The spool holds the
    /// output stream, to be copied out only when the summary has no errors.
    /// </summary>
    public static RenderSummary RenderToSpool(IEnumerable<string> paths, RenderOptions options, IObjectSink? spool)
    {
        var diagnostics = new DiagnosticBag();
        var documents = InputLoader.Read(paths, options.DisplayRoot, options.ConfineTo, options.Limits, diagnostics);
        var (entries, renderer) = Prepare(documents, options, diagnostics, pool: null, keepTrees: false);
        if (renderer is null)
        {
            return new(0, 0, diagnostics.Sorted());
        }
        var instances = entries.Count(e => e is MySqlResource);
        var objects = RenderAll(entries, renderer, diagnostics, (i, rendered) =>
        {
            spool?.Add(i, rendered);
            entries[i] = null; // rendered: nothing of it is needed any more
        });
        return diagnostics.HasErrors ? new(0, 0, diagnostics.Sorted()) : new(instances, objects, diagnostics.Sorted());
    }

    /// <summary>Where an instance's document starts, for the duplicate-object error (pass-through objects: their file).</summary>
    private static SourcePosition? StartOf(object? entry) => entry is MySqlResource resource ? resource.Source.Root.Position : null;

    /// <summary>
    /// A validated instance without its input document's node tree (a few KB each, the largest part of a large
    /// input): rendering reads only the spec, and diagnostics only the file and the document's position.
    /// </summary>
    private static MySqlResource WithoutTree(MySqlResource resource) =>
        resource with { Source = resource.Source with { Root = new YMapping(resource.Source.Root.Position, null, []) } };

    /// <summary>Validation, the duplicate-instance check and the templates: what every render does first.</summary>
    private static (List<object?> Entries, InstanceRenderer? Renderer) Prepare(IEnumerable<SourceDocument> documents, RenderOptions options,
        DiagnosticBag diagnostics, StringPool? pool, bool keepTrees = true)
    {
        var entries = Validate(documents, options, diagnostics, keepTrees);
        DuplicateInstances.Check(entries.OfType<MySqlResource>(), diagnostics);
        var templates = diagnostics.HasErrors ? null : TemplateSet.Load(options.TemplatesDirectory, diagnostics);
        return templates is null || diagnostics.HasErrors ? (entries, null) : (entries, new InstanceRenderer(templates, options, pool));
    }

    /// <summary>
    /// Renders every entry, hands each one's checked objects to <paramref name="onRendered"/> (from any thread) and
    /// checks that no two objects of the whole output share an identity; returns how many objects there are.
    /// Instances are independent, so many of them render on all cores; each writes only its own diagnostic bag, so
    /// the result is the same as one by one.
    /// </summary>
    private static int RenderAll(List<object?> entries, InstanceRenderer renderer, DiagnosticBag diagnostics,
        Action<int, IReadOnlyList<RenderedObject>> onRendered)
    {
        var identities = new ObjectIdentities(entries.Count);
        var bags = new DiagnosticBag[entries.Count];
        void RenderEntry(int i)
        {
            bags[i] = new DiagnosticBag();
            IReadOnlyList<RenderedObject> rendered = entries[i] switch
            {
                MySqlResource resource => renderer.Render(resource, bags[i]),
                RenderedObject passThrough => [passThrough],
                _ => [],
            };
            identities.Add(i, rendered, StartOf(entries[i]));
            onRendered(i, rendered);
        }
        if (entries.Count >= ParallelFrom && Environment.ProcessorCount > 1)
        {
            // At most one worker per core: each keeps a template context and buffers for the rest of the run.
            Parallel.For(0, entries.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, RenderEntry);
        }
        else
        {
            for (var i = 0; i < entries.Count; i++)
            {
                RenderEntry(i);
            }
        }
        for (var i = 0; i < entries.Count; i++)
        {
            diagnostics.AddRange(bags[i].Items);
        }
        identities.Report(diagnostics);
        return identities.Count;
    }

    /// <summary>Below this many documents, starting worker threads costs more than it saves.</summary>
    private const int ParallelFrom = 32;

    /// <summary>Each document in input order: its MySqlResource, a pass-through object, or nothing.</summary>
    private static List<object?> Validate(IEnumerable<SourceDocument> documents, RenderOptions options, DiagnosticBag diagnostics,
        bool keepTrees)
    {
        var entries = new List<object?>();
        foreach (var document in documents)
        {
            switch (DocumentClassifier.Classify(document, diagnostics))
            {
                case DocumentKind.MySql when ResourceValidator.Validate(document, options, diagnostics) is { } resource:
                    entries.Add(keepTrees ? resource : WithoutTree(resource));
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
