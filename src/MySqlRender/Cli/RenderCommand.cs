using System.CommandLine;
using MySqlRender.Output;
using MySqlRender.Rendering;

namespace MySqlRender.Cli;

/// <summary><c>mysqlrender render PATHS [-o DIR]</c>: the manifests on stdout, or one file per object under DIR.</summary>
public static class RenderCommand
{
    public static Command Create(CliConsole console)
    {
        var common = new CommonOptions();
        var output = new Option<string?>("--output", "-o") { Description = "Write one file per object under this folder (all-or-nothing) instead of stdout" };
        var prune = new Option<bool>("--prune") { Description = "With -o: remove files of objects that are no longer rendered" };
        var command = new Command("render", "Render MySQL resources into Kubernetes manifests");
        common.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(prune);
        command.SetAction(parse => CommandRunner.Run(console, parse, () =>
        {
            var result = RenderEngine.Render(parse.GetValue(common.Paths)!, common.ToRenderOptions(parse, console));
            DiagnosticPrinter.Print(result.Diagnostics, console.Error);
            if (result.HasErrors)
            {
                return ExitCodes.InvalidInput;
            }
            ReportEmpty(result, console);
            if (parse.GetValue(output) is { } directory)
            {
                DirectoryWriter.Write(Path.GetFullPath(directory, console.WorkingDirectory), OutputLayout.Files(result.Objects), parse.GetValue(prune));
                console.Error.Write($"mysqlrender: wrote {result.Objects.Count} objects to {directory}\n");
            }
            else
            {
                ManifestStream.WriteTo(console.Out, result.Objects);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void ReportEmpty(RenderResult result, CliConsole console)
    {
        if (result.Instances.Count == 0)
        {
            console.Error.Write("mysqlrender: info: no MySQL resource found in the given paths\n");
        }
    }
}
