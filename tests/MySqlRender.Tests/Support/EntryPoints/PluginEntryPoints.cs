using MySqlRender.Plugins.Krm;

namespace MySqlRender.Tests;

/// <summary>
/// <c>mysqlrender cmp generate</c> as Argo CD's sidecar runs it (the published binary, out of process): the case is
/// copied into a fresh repository at the same relative path, cwd = the repository root as the app folder, the
/// documented ARGOCD_* variables set. Stdout must stay empty: an Argo CD app never gets a partial manifest set.
/// </summary>
public sealed class CmpGenerateEntryPoint : EntryPoint
{
    public override string Name => "cmp-generate";

    public override EntryPointRun Run(string casePath, IReadOnlyList<string> extraArgs)
    {
        using var repository = new TempFolder();
        CopyPreservingSymlink(RepoPaths.Of(casePath), repository.Combine(casePath));
        var environment = new Dictionary<string, string?>
        {
            ["ARGOCD_APP_NAME"] = "broken",
            ["ARGOCD_APP_NAMESPACE"] = "default",
            ["ARGOCD_APP_SOURCE_PATH"] = ".",
            ["ARGOCD_APP_PARAMETERS"] = extraArgs.Contains("--strict") ? """[{"name":"strict","string":"true"}]""" : "null",
        };

        var result = MySqlRenderBinary.Run(["cmp", "generate"], repository.Path, environment);

        return new EntryPointRun(result.ExitCode, result.Stderr, result.Stdout);
    }

    private static void CopyPreservingSymlink(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (new FileInfo(source).LinkTarget is { } link)
        {
            File.CreateSymbolicLink(target, link);
            return;
        }
        File.Copy(source, target);
    }
}

/// <summary>
/// The kustomize exec-plugin call (argv[1] = the generator config file, KUSTOMIZE_PLUGIN_CONFIG_STRING set), as
/// kustomize makes it, through the published binary. kustomize shows the plugin's stderr when it fails.
/// </summary>
public sealed class ExecPluginEntryPoint : EntryPoint
{
    public override string Name => "kustomize-exec";

    public override bool Supports(string caseName, IReadOnlyList<string> extraArgs) =>
        extraArgs.Count == 0 && new FileInfo(RepoPaths.Of("tests", "cases", "invalid", caseName + ".yaml")).LinkTarget is null;

    public override EntryPointRun Run(string casePath, IReadOnlyList<string> extraArgs)
    {
        var config = File.ReadAllText(RepoPaths.Of(casePath));
        var result = MySqlRenderBinary.Run([casePath], RepoPaths.Root, new Dictionary<string, string?> { ["KUSTOMIZE_PLUGIN_CONFIG_STRING"] = config });
        return new EntryPointRun(result.ExitCode, result.Stderr, result.Stdout);
    }
}

/// <summary>
/// <c>mysqlrender fn</c> as kpt runs it: the case file is placed in a package at its repository path,
/// <c>kpt fn source</c> turns the package into a ResourceList (as kpt does before any function runs), and the
/// published binary gets it on stdin with cwd = the package. Only cases whose problems are in the resources apply:
/// YAML kpt cannot read (the MR100x cases) never reaches a function. The output that must stay empty is every
/// object mysqlrender would have generated.
/// </summary>
public sealed class KrmFunctionEntryPoint : EntryPoint
{
    public override string Name => "krm-fn";

    public override bool Supports(string caseName, IReadOnlyList<string> extraArgs) =>
        extraArgs.Count == 0
        && new FileInfo(RepoPaths.Of("tests", "cases", "invalid", caseName + ".yaml")).LinkTarget is null
        && !File.ReadAllText(RepoPaths.Of("tests", "snapshots", "invalid", caseName + ".txt")).Contains(" error MR100", StringComparison.Ordinal);

    public override EntryPointRun Run(string casePath, IReadOnlyList<string> extraArgs)
    {
        var kpt = ExternalTool.Require("kpt", "install kpt (https://kpt.dev)");
        using var work = new TempFolder();
        var package = work.Combine("package");
        var copy = Path.Combine(package, casePath);
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(RepoPaths.Of(casePath), copy);
        var source = ProcessRunner.Run(kpt, ["fn", "source", "package"], work.Path);
        Assert.True(source.ExitCode == 0, $"kpt fn source: {source.Stderr}");

        var result = MySqlRenderBinary.Run(["fn"], package, stdin: source.Stdout);

        var generated = result.Stdout.Split('\n').Where(line => line.Contains("managed-by: mysqlrender", StringComparison.Ordinal));
        return new EntryPointRun(result.ExitCode, result.Stderr, string.Join('\n', generated));
    }
}
