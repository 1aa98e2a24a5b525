namespace MySqlRender.Tests;

/// <summary>The example folders that render through <c>mysqlrender render</c> (each has a golden file).</summary>
public static class ExampleFolders
{
    public static IEnumerable<string> Rendered =>
        Directory.EnumerateDirectories(RepoPaths.Of("examples"))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => !NotRenderedDirectly.Contains(name))
            .Order(StringComparer.Ordinal);

    /// <summary>Folders that are inputs of other tools (Argo CD, kustomize, kpt) and have their own tests.</summary>
    private static readonly string[] NotRenderedDirectly = ["argocd", "kustomize", "kpt"];
}
