using MySqlRender.Shared;
using System.CommandLine;
using MySqlRender.Hosting;
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
        var check = new Option<bool>("--check") { Description = "With -o: write nothing; exit 1 with a diff when the folder is not what render would write" };
        var command = new Command("render", "Render MySQL resources into Kubernetes manifests");
        common.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(prune);
        command.Options.Add(check);
        command.Validators.Add(result =>
        {
            if (result.GetValue(output) is null && (result.GetValue(check) || result.GetValue(prune)))
            {
                result.AddError("--check and --prune need --output DIR");
            }
        });
        command.SetAction(parse => CommandRunner.Run(console, parse, () =>
        {
            var paths = parse.GetValue(common.Paths)!;
            var options = common.ToRenderOptions(parse, console);
            if (parse.GetValue(output) is not { } directory)
            {
                return RenderToStdout(paths, options, parse.GetValue(common.DiagnosticsFormat), console);
            }
            using var files = new SpooledFiles();
            var result = RenderEngine.RenderToSpool(paths, options, files);
            DiagnosticPrinter.Print(result.Diagnostics, console.Error, parse.GetValue(common.DiagnosticsFormat));
            if (result.HasErrors)
            {
                return ExitCodes.InvalidInput;
            }
            ReportEmpty(result.InstanceCount, console);
            var target = Path.GetFullPath(directory, console.WorkingDirectory);
            if (parse.GetValue(check))
            {
                var drift = OutputDrift.Compare(target, files, parse.GetValue(prune));
                return DriftReport.Print(drift, directory, parse.GetValue(prune), OutputDrift.NotRendered(target, files).Count(), console);
            }
            DirectoryWriter.Write(target, files, parse.GetValue(prune));
            console.Error.Write($"mysqlrender: wrote {result.ObjectCount} objects to {directory}\n");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The YAML stream, spooled to a temporary file while rendering and printed only when there is no error.</summary>
    private static int RenderToStdout(string[] paths, RenderOptions options, DiagnosticFormat format, CliConsole console)
    {
        using var spool = new ObjectSpool();
        var result = RenderEngine.RenderToSpool(paths, options, spool);
        DiagnosticPrinter.Print(result.Diagnostics, console.Error, format);
        if (result.HasErrors)
        {
            return ExitCodes.InvalidInput;
        }
        ReportEmpty(result.InstanceCount, console);
        spool.CopyTo(console.Out);
        return ExitCodes.Ok;
    }

    private static void ReportEmpty(int instances, CliConsole console)
    {
        if (instances == 0)
        {
            console.Error.Write("mysqlrender: info: no MySQL resource found in the given paths\n");
        }
    }
}
