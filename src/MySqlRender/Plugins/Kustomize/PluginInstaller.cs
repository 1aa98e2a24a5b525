using MySqlRender.Hosting;

namespace MySqlRender.Plugins.Kustomize;

/// <summary>Puts a symlink to the mysqlrender executable at the plugin path; running it again changes nothing.</summary>
public static class PluginInstaller
{
    public static int Install(string? executable, string pluginPath, CliConsole console)
    {
        if (executable is null || Path.GetFileNameWithoutExtension(executable) == "dotnet")
        {
            console.Error.Write("mysqlrender: error: run the mysqlrender executable itself (not through 'dotnet') so that it can link to itself\n");
            return ExitCodes.Usage;
        }
        var target = Path.GetFullPath(executable);
        var existing = new FileInfo(pluginPath);
        if (existing.LinkTarget is { } current && Path.GetFullPath(current, existing.DirectoryName!) == target)
        {
            console.Out.Write($"kustomize plugin already installed: {pluginPath} -> {target}\n");
            return ExitCodes.Ok;
        }
        var replaced = existing.Exists || existing.LinkTarget is not null;
        Directory.CreateDirectory(Path.GetDirectoryName(pluginPath)!);
        if (replaced)
        {
            File.Delete(pluginPath);
        }
        File.CreateSymbolicLink(pluginPath, target);
        console.Out.Write($"kustomize plugin {(replaced ? "replaced" : "installed")}: {pluginPath} -> {target}\n"
            + "use it with: kubectl kustomize --enable-alpha-plugins DIR (or kustomize build --enable-alpha-plugins DIR)\n");
        return ExitCodes.Ok;
    }
}
