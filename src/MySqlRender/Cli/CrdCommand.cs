using System.CommandLine;
using MySqlRender.Hosting;
using MySqlRender.Schema;
using MySqlRender.Shared;

namespace MySqlRender.Cli;

/// <summary><c>mysqlrender crd</c>: the CustomResourceDefinition, generated from the same schema the validator uses.</summary>
public static class CrdCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("crd", "Print the CustomResourceDefinition of the MySQL resource (full OpenAPI v3 schema)");
        command.SetAction(parse => CommandRunner.Run(console, parse, () =>
        {
            console.Out.Write("---\n");
            console.Out.Write(YamlEmitter.Emit(CrdGenerator.Generate()));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
