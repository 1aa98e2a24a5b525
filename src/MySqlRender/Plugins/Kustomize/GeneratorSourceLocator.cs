using MySqlRender.Input;
using MySqlRender.Shared;

namespace MySqlRender.Plugins.Kustomize;

/// <summary>
/// kustomize passes the generator config as a re-serialized temp file (comments gone, lines shifted). This finds
/// the same document in the files the kustomization lists under <c>generators:</c>, so diagnostics name the
/// user's file, line and column. Returns null when it cannot be found (e.g. an inline generator).
/// </summary>
public static class GeneratorSourceLocator
{
    public static SourceDocument? Find(YNode config, string kustomizationRoot, YamlLimits limits)
    {
        foreach (var file in GeneratorFiles(kustomizationRoot, limits))
        {
            foreach (var document in Parse(file, kustomizationRoot, limits))
            {
                if (DocumentMatcher.SameData(document.Root, config))
                {
                    return document;
                }
            }
        }
        return null;
    }

    private static IEnumerable<string> GeneratorFiles(string root, YamlLimits limits)
    {
        var kustomization = ToolConfigFiles.KustomizationIn(root);
        if (kustomization is null)
        {
            return [];
        }
        var documents = Parse(kustomization, root, limits);
        return documents.Count == 1 && documents[0].Root is YMapping map && map["generators"] is YSequence generators
            ? generators.Items.OfType<YScalar>().Select(entry => Path.GetFullPath(entry.Value, root)).Where(File.Exists)
            : [];
    }

    private static IReadOnlyList<SourceDocument> Parse(string fullPath, string root, YamlLimits limits)
    {
        var scratch = new DiagnosticBag();
        var display = Path.GetRelativePath(root, fullPath).Replace('\\', '/');
        var file = Utf8FileReader.Read(fullPath, display, limits, scratch);
        return file is null ? [] : YamlDocumentParser.Parse(file, limits, scratch);
    }
}
