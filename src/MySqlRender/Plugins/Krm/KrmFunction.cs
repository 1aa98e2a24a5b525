using MySqlRender.Cli;
using MySqlRender.Input;
using MySqlRender.Model;
using MySqlRender.Output;
using MySqlRender.Rendering;
using MySqlRender.Schema;
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
        var results = diagnostics.Sorted().Select(d => new FunctionResult(d, null, null)).ToList();
        var output = new List<OutputItem>();
        var generated = new List<RenderedObject>();
        var instances = new List<MySqlResource>();
        foreach (var item in list.Items)
        {
            output.AddRange(Process(item, input, options, console.WorkingDirectory, results, generated, instances));
        }
        var shared = new DiagnosticBag();
        DuplicateInstances.Check(instances, shared);
        DuplicateObjects.Check(generated, shared);
        results.AddRange(shared.Sorted().Select(d => new FunctionResult(d, null, null)));

        DiagnosticPrinter.Print([.. results.Select(r => r.Diagnostic)], console.Error);
        var failed = results.Any(r => r.Diagnostic.IsError);
        console.Out.Write(ResourceListWriter.Write(failed ? [.. list.Items.Select(OutputItem.Unchanged)] : output, results));
        return failed ? ExitCodes.InvalidInput : ExitCodes.Ok;
    }

    private static IEnumerable<OutputItem> Process(ResourceListItem item, string input, RenderOptions options, string workingDirectory,
        List<FunctionResult> results, List<RenderedObject> generated, List<MySqlResource> instances)
    {
        if (!IsMySql(item.Root))
        {
            return GeneratedFiles.IsFromEarlierRun(item) ? [] : [OutputItem.Unchanged(item)];
        }
        var document = new SourceDocument(new SourceFile(ResourceListReader.StdinName, ResourceListReader.StdinName, input), item.Position, item.Root);
        var (result, located) = Render(document, item, options, workingDirectory);
        results.AddRange(result.Diagnostics.Select(d => new FunctionResult(d, item, located.Root)));
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

    /// <summary>Renders the item; when there is anything to report, again from the user's file if found, for real lines.</summary>
    private static (RenderResult Result, SourceDocument Document) Render(SourceDocument document, ResourceListItem item,
        RenderOptions options, string workingDirectory)
    {
        var result = RenderEngine.Render([document], options, new DiagnosticBag());
        if (result.Diagnostics.Count > 0 && OriginalSourceLocator.Find(item, workingDirectory, options.Limits) is { } original)
        {
            return (RenderEngine.Render([original], options, new DiagnosticBag()), original);
        }
        return (result, document);
    }

    /// <summary>The MySQL resource stays in the package (it is the source) but must never be applied.</summary>
    private static OutputItem KeptAsLocalConfig(ResourceListItem item) =>
        item.Annotation(ToolAnnotations.LocalConfig) == "true"
            ? OutputItem.Unchanged(item)
            : new OutputItem(GeneratedFiles.WithAnnotations(item.Root, (ToolAnnotations.LocalConfig, "true")));

    private static bool IsMySql(YMapping root) =>
        ObjectHeader.Text(root, "kind") == MySqlSchema.Kind && ObjectHeader.Text(root, "apiVersion") == MySqlSchema.ApiVersion;
}
