using MySqlRender.Shared;

namespace MySqlRender.Input;

/// <summary>
/// A folder with a kustomization file is a kustomize build root: its files are generator configs, patches and
/// transformer configs meant for kustomize, not objects to render one by one. Walking a folder, render skips such
/// a subfolder with a note; in a folder given on the command line it skips only the kustomization file itself.
/// (A Kptfile has no .yaml extension and is never read; a kpt package renders like any folder.)
/// </summary>
public static class ToolConfigFiles
{
    private static readonly string[] KustomizationNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    public static bool IsKustomization(string path) => KustomizationNames.Contains(Path.GetFileName(path));

    public static string? KustomizationIn(string folder) =>
        KustomizationNames.Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    public static Diagnostic Skipped(string displayPath, bool folder) => new(displayPath, SourcePosition.Start, Severity.Info,
        DiagnosticCodes.ToolConfigSkipped, "",
        folder ? "skipped: a kustomize folder (it has a kustomization file)" : "skipped: a kustomize build file, not a Kubernetes object",
        "build it with: kubectl kustomize --enable-alpha-plugins (docs/kustomize.md)");
}
