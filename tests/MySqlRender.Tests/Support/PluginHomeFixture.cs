namespace MySqlRender.Tests;

/// <summary>A temp folder with mysqlrender installed as kustomize plugin by <c>mysqlrender kustomize install</c> itself.</summary>
public static class PluginHomeFixture
{
    public static string Install(TempFolder temp)
    {
        var home = temp.Of("plugins");
        var result = MySqlRenderBinary.Run(["kustomize", "install", "--dir", home]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return home;
    }

    public static CliResult KubectlKustomize(string kubectl, string home, string folder) =>
        ProcessRunner.Run(kubectl, ["kustomize", "--enable-alpha-plugins", folder],
            environment: new Dictionary<string, string?> { ["KUSTOMIZE_PLUGIN_HOME"] = home });
}
