namespace MySqlRender.Plugins;

/// <summary>The annotations kustomize and kpt add to carry a resource's file, index and identity through a pipeline.</summary>
public static class ToolAnnotations
{
    public const string Path = "internal.config.kubernetes.io/path";
    public const string LegacyPath = "config.kubernetes.io/path";
    public const string Index = "internal.config.kubernetes.io/index";
    public const string LegacyIndex = "config.kubernetes.io/index";
    public const string LocalConfig = "config.kubernetes.io/local-config";

    public static bool IsBookkeeping(string key) =>
        key.StartsWith("internal.config.kubernetes.io/", StringComparison.Ordinal)
        || key.StartsWith("config.k8s.io/", StringComparison.Ordinal)
        || key is Path or LegacyPath or Index or LegacyIndex or "kustomize.config.k8s.io/id";
}
