using MySqlRender.Hosting;
using MySqlRender.Input;
using MySqlRender.Output;
using MySqlRender.Rendering;
using MySqlRender.Shared;
using MySqlRender.Validation;

namespace MySqlRender.Plugins.Kustomize;

/// <summary>
/// The legacy kustomize exec generator: the config file (argv[1]) is one MySQL resource; its rendered objects go
/// to stdout. Diagnostics go to stderr (kustomize shows them when the plugin fails) with the user's file and line
/// when the generator's source file can be found, and the exit code is non-zero on any error. kustomize passes the
/// plugin no options: <c>MYSQLRENDER_TARGET=kubectl</c> in its environment renders for plain kubectl apply.
/// </summary>
public static class ExecPlugin
{
    public const string TargetVariable = "MYSQLRENDER_TARGET";

    public static int Run(string configPath, CliConsole console, Func<string, string?> environment)
    {
        var diagnostics = new DiagnosticBag();
        var options = new RenderOptions { DisplayRoot = console.WorkingDirectory, OnlyMySql = true, Target = Target(environment, diagnostics) };
        var documents = Load(configPath, console.WorkingDirectory, options.Limits, diagnostics);
        var classification = new DiagnosticBag();
        if (!diagnostics.HasErrors && !documents.Any(d => DocumentClassifier.Classify(d, classification) == DocumentKind.MySql))
        {
            // Say what is wrong with the document (another kind or version of our group, no kind ...) when we can.
            diagnostics.AddRange(classification.Sorted());
            if (!classification.HasErrors)
            {
                diagnostics.Error(documents.FirstOrDefault()?.DisplayPath ?? configPath, SourcePosition.Start, DiagnosticCodes.NoInput, "",
                    "the kustomize generator config is not a MySQL resource", "list only otus.homework/v1 MySQL files under generators:");
            }
        }
        var result = diagnostics.HasErrors ? new RenderResult([], [], diagnostics.Sorted()) : RenderEngine.Render(documents, options, diagnostics);
        DiagnosticPrinter.Print(result.Diagnostics, console.Error);
        if (result.HasErrors)
        {
            return ExitCodes.InvalidInput;
        }
        console.Out.Write(ManifestStream.Write(result.Objects));
        return ExitCodes.Ok;
    }

    private static RenderTarget Target(Func<string, string?> environment, DiagnosticBag diagnostics)
    {
        var text = environment(TargetVariable);
        if (string.IsNullOrEmpty(text))
        {
            return RenderTarget.ArgoCd;
        }
        if (RenderTargets.Parse(text) is { } target)
        {
            return target;
        }
        diagnostics.Error(TargetVariable, SourcePosition.Start, DiagnosticCodes.InvalidValue, "",
            $"{TargetVariable}='{text}' is not a render target", $"set it to {RenderTargets.Choices}, or unset it (argocd)");
        return RenderTarget.ArgoCd;
    }

    /// <summary>The user's own document where it can be found, else the temp file's (still correct, just less well located).</summary>
    private static IReadOnlyList<SourceDocument> Load(string configPath, string root, YamlLimits limits, DiagnosticBag diagnostics)
    {
        var full = Path.GetFullPath(configPath, root);
        var relative = Path.GetRelativePath(root, full);
        var display = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative.Replace('\\', '/');
        var file = Utf8FileReader.Read(full, display, limits, diagnostics);
        if (file is null)
        {
            return [];
        }
        var documents = YamlDocumentParser.Parse(file, limits, diagnostics);
        if (documents.Count != 1 || diagnostics.HasErrors)
        {
            return documents;
        }
        return GeneratorSourceLocator.Find(documents[0].Root, root, limits) is { } original ? [original] : documents;
    }
}
