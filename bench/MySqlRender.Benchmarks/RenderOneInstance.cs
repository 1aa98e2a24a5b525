using BenchmarkDotNet.Attributes;
using MySqlRender.Input;
using MySqlRender.Output;
using MySqlRender.Rendering;
using MySqlRender.Shared;
using MySqlRender.Validation;

namespace MySqlRender.Benchmarks;

/// <summary>
/// One MySQL instance (examples/seed) through the in-process pipeline. The baseline uses the embedded templates as
/// every run of the binary does: parsed once, cached. The others show what each stage costs.
/// </summary>
[MemoryDiagnoser]
public class RenderOneInstance
{
    private string input = "";
    private string emptyTemplatesDirectory = "";
    private RenderOptions options = new();
    private IReadOnlyList<SourceDocument> documents = [];

    [GlobalSetup]
    public void Setup()
    {
        var root = RepoRoot();
        input = Path.Combine(root, "examples", "seed", "mysql.yaml");
        options = new RenderOptions { DisplayRoot = root };
        // An empty override folder makes TemplateSet.Load read and parse every embedded template again.
        emptyTemplatesDirectory = Directory.CreateTempSubdirectory("mysqlrender-bench-").FullName;
        documents = InputLoader.Load([input], root, null, options.Limits, new DiagnosticBag());
        _ = Render(RenderEngine.Render([input], options));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(emptyTemplatesDirectory, recursive: true);

    [Benchmark(Baseline = true, Description = "file -> YAML stream, templates cached")]
    public string FileToStream() => Render(RenderEngine.Render([input], options));

    [Benchmark(Description = "parsed input -> YAML stream, templates cached")]
    public string ParsedInputToStream() => Render(RenderEngine.Render(documents, options, new DiagnosticBag()));

    [Benchmark(Description = "file -> YAML stream, templates parsed again (cold TemplateSet)")]
    public string FileToStreamColdTemplates() =>
        Render(RenderEngine.Render([input], options with { TemplatesDirectory = emptyTemplatesDirectory }));

    private static string Render(RenderResult result) =>
        result.HasErrors ? throw new InvalidOperationException("the benchmark input does not render") : ManifestStream.Write(result.Objects);

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "mysqlrender.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("mysqlrender.sln not found above " + AppContext.BaseDirectory);
    }
}
