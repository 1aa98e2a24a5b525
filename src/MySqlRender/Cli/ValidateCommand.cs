using System.CommandLine;
using MySqlRender.Hosting;
using MySqlRender.Rendering;

namespace MySqlRender.Cli;

/// <summary><c>mysqlrender validate PATHS</c>: every check of <c>render</c> (templates included), no output.</summary>
public static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var common = new CommonOptions();
        var command = new Command("validate", "Check MySQL resources without writing anything; exit 0 when valid, 1 with diagnostics");
        common.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(console, parse, () =>
        {
            // Rendered (so that template errors count) keeping only object headers: memory stays flat at any size.
            var result = RenderEngine.RenderToSpool(parse.GetValue(common.Paths)!, common.ToRenderOptions(parse, console), spool: null);
            DiagnosticPrinter.Print(result.Diagnostics, console.Error, parse.GetValue(common.DiagnosticsFormat));
            if (result.HasErrors)
            {
                return ExitCodes.InvalidInput;
            }
            console.Error.Write($"mysqlrender: {result.InstanceCount} MySQL resource{(result.InstanceCount == 1 ? "" : "s")} valid, "
                + $"{result.ObjectCount} objects\n");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
