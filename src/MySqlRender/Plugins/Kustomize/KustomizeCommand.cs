using System.CommandLine;
using MySqlRender.Hosting;

namespace MySqlRender.Plugins.Kustomize;

/// <summary><c>mysqlrender kustomize install [--dir DIR]</c>: links this executable where kustomize looks for the MySQL exec plugin.</summary>
public static class KustomizeCommand
{
    public static Command Create(CliConsole console)
    {
        var dir = new Option<string?>("--dir")
        {
            Description = "Plugin home (default: $KUSTOMIZE_PLUGIN_HOME, else $XDG_CONFIG_HOME/kustomize/plugin, else ~/.config/kustomize/plugin)",
        };
        var install = new Command("install", "Install mysqlrender as the kustomize exec plugin of otus.homework/v1 MySQL (a symlink to this executable)");
        install.Options.Add(dir);
        install.SetAction(parse => CommandRunner.Run(console, parse, () =>
        {
            var home = parse.GetValue(dir) is { Length: > 0 } given
                ? Path.GetFullPath(given, console.WorkingDirectory)
                : PluginHome.Default(Environment.GetEnvironmentVariable);
            return PluginInstaller.Install(Environment.ProcessPath, PluginHome.ExecutablePath(home), console);
        }));
        var command = new Command("kustomize", "kustomize integration (legacy exec generator plugin)");
        command.Subcommands.Add(install);
        return command;
    }
}
