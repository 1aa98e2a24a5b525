using System.CommandLine;
using MySqlRender.Cli;

namespace MySqlRender.Plugins.Krm;

/// <summary><c>mysqlrender fn</c>: the KRM function entry point (ResourceList on stdin, ResourceList on stdout).</summary>
public static class FnCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("fn", "Run as a KRM function: read a ResourceList on stdin, replace MySQL items' output, write the ResourceList "
            + "(kpt fn eval --exec, kpt fn render with exec:, kustomize build --enable-exec)");
        command.SetAction(parse => CommandRunner.Run(console, parse, () => KrmFunction.Run(console.In.ReadToEnd(), console)));
        return command;
    }
}
