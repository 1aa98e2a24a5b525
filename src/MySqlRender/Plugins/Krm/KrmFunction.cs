using MySqlRender.Hosting;
using MySqlRender.Model;
using MySqlRender.Rendering;
using MySqlRender.Shared;
using MySqlRender.Validation;

namespace MySqlRender.Plugins.Krm;

/// <summary>
/// <c>mysqlrender fn</c>: a KRM function. Each MySQL item stays (marked local-config, so kpt never applies it) and
/// is followed by its rendered objects, annotated to land in <c>{name}.rendered.yaml</c> next to it. Objects a
/// previous run generated (see <see cref="GeneratedFiles.IsFromEarlierRun"/>) are replaced, so running it again changes nothing. Other items pass through as written.
/// On any error: exit 1, the input items unchanged, the problems in <c>results</c> and on stderr.
/// </summary>
public static class KrmFunction
{
    public static int Run(string input, CliConsole console)
    {
        var diagnostics = new DiagnosticBag();
        var list = ResourceListReader.Read(input, YamlLimits.Default, diagnostics);
        if (list is null)
        {
            DiagnosticPrinter.Print(diagnostics.Sorted(), console.Error);
            return ExitCodes.InvalidInput;
        }
        var options = FunctionConfig.Read(list.FunctionConfig,
            new RenderOptions { DisplayRoot = console.WorkingDirectory, OnlyMySql = true }, diagnostics);
        var run = new ItemRenderer(input, options, console.WorkingDirectory);
        var output = list.Items.SelectMany(run.Process).ToList();
        List<FunctionResult> results = [.. diagnostics.Sorted().Select(d => new FunctionResult(d, null, null)), .. run.Results, .. run.CrossItemResults()];

        DiagnosticPrinter.Print([.. results.Select(r => r.Diagnostic)], console.Error);
        var failed = results.Any(r => r.Diagnostic.IsError);
        console.Out.Write(ResourceListWriter.Write(failed ? [.. list.Items.Select(OutputItem.Unchanged)] : output, results));
        return failed ? ExitCodes.InvalidInput : ExitCodes.Ok;
    }

    /// <summary>Turns items into output items one by one, collecting results and what the cross-item checks need.</summary>
    private sealed class ItemRenderer(string input, RenderOptions options, string workingDirectory)
    {
        private readonly List<RenderedObject> generated = [];
        private readonly List<MySqlResource> instances = [];

        public List<FunctionResult> Results { get; } = [];

        public IEnumerable<OutputItem> Process(ResourceListItem item)
        {
            if (!DocumentClassifier.IsForRenderer(item.Root))
            {
                if (DocumentClassifier.LooksLikeMySql(item.Root))
                {
                    // Passed through, with the classifier's warning located in the user's file.
                    var (lookalike, at) = Render(item);
                    Results.AddRange(lookalike.Diagnostics.Select(d => new FunctionResult(d, item, at.Root)));
                }
                return GeneratedFiles.IsFromEarlierRun(item) ? [] : [OutputItem.Unchanged(item)];
            }
            var (result, document) = Render(item);
            Results.AddRange(result.Diagnostics.Select(d => new FunctionResult(d, item, document.Root)));
            if (result.HasErrors)
            {
                return [];
            }
            generated.AddRange(result.Objects);
            instances.AddRange(result.Instances);
            var metadata = (YMapping)item.Root["metadata"]!;
            var path = GeneratedFiles.PathFor(item.FilePath, result.Instances[0].Name, ObjectHeader.Text(metadata, "namespace"));
            return [KeptAsLocalConfig(item), .. result.Objects.Select((o, i) => new OutputItem(GeneratedFiles.Annotate(o, path, i)))];
        }

        /// <summary>The same instance, or the same object, coming from two items.</summary>
        public IEnumerable<FunctionResult> CrossItemResults()
        {
            var diagnostics = new DiagnosticBag();
            DuplicateInstances.Check(instances, diagnostics);
            // Two items of the same instance produce the same objects: that is already said, once, above.
            if (!diagnostics.HasErrors)
            {
                ObjectIdentities.Check(generated, diagnostics);
            }
            return diagnostics.Sorted().Select(d => new FunctionResult(d, null, null));
        }

        /// <summary>
        /// Renders the item from the user's own file when it can be found (real lines in every diagnostic, including
        /// the cross-item ones reported after all items), else from the ResourceList on stdin.
        /// </summary>
        private (RenderResult Result, SourceDocument Document) Render(ResourceListItem item)
        {
            var document = OriginalSourceLocator.Find(item, workingDirectory, options.Limits)
                ?? new SourceDocument(new SourceFile(ResourceListReader.StdinName, ResourceListReader.StdinName, input), item.Position, item.Root);
            return (RenderEngine.Render([document], options, new DiagnosticBag()), document);
        }
    }

    /// <summary>The MySQL resource stays in the package (it is the source) but must never be applied.</summary>
    private static OutputItem KeptAsLocalConfig(ResourceListItem item) =>
        item.Annotation(ToolAnnotations.LocalConfig) == "true"
            ? OutputItem.Unchanged(item)
            : new OutputItem(GeneratedFiles.WithAnnotations(item.Root, (ToolAnnotations.LocalConfig, "true")));
}
