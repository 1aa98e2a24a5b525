using System.CommandLine;
using System.Text;
using MySqlRender.Hosting;
using MySqlRender.Shared;

namespace MySqlRender.Plugins.Krm;

/// <summary><c>mysqlrender fn</c>: the KRM function entry point (ResourceList on stdin, ResourceList on stdout).</summary>
public static class FnCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("fn", "Run as a KRM function: a ResourceList on stdin; on stdout the same list with each MySQL resource "
            + "followed by its rendered objects (kpt fn render / kpt fn eval --exec; docs/kpt.md)");
        command.SetAction(parse => CommandRunner.Run(console, parse, () =>
        {
            string input;
            try
            {
                input = console.In.ReadToEnd();
            }
            catch (DecoderFallbackException)
            {
                console.Error.Write("<stdin>:1:1: error " + DiagnosticCodes.InvalidEncoding + ": the ResourceList is not valid UTF-8\n");
                return ExitCodes.InvalidInput;
            }
            return KrmFunction.Run(input, console);
        }));
        return command;
    }
}
