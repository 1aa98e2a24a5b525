using System.CommandLine;
using MySqlRender.Hosting;
using MySqlRender.Output;
using MySqlRender.Rendering;
using MySqlRender.Shared;

namespace MySqlRender.Plugins.ArgoCd;

/// <summary>
/// <c>mysqlrender cmp generate</c> (plugin.yaml <c>generate.command</c>): renders the working directory (the app
/// folder inside argocd-cmp-server's repository copy) with the Application's parameters and env. stdout carries only
/// the manifests; an error, a bad parameter (exit 2) and an empty result are all non-zero exits.
/// </summary>
public static class CmpGenerateCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("generate", "Render the current folder as Argo CD's plugin sidecar does (parameters from ARGOCD_APP_PARAMETERS)");
        command.SetAction(parse => CommandRunner.Run(console, parse, () =>
        {
            using var guard = new TerminationGuard(console.Error);
            var environment = CmpEnvironment.Snapshot();
            RenderOptions options;
            CmpEnvironment app;
            try
            {
                var parameters = CmpParameters.Parse(environment);
                app = CmpEnvironment.Read(environment);
                var root = RepositoryRoot.Of(console.WorkingDirectory, app.SourcePath);
                options = CmpRenderOptions.Build(console.WorkingDirectory, root, parameters, app);
            }
            catch (CmpParameterException e)
            {
                console.Error.Write($"mysqlrender: cmp generate: {e.Message}\n");
                return ExitCodes.Usage;
            }
            return Render(console, guard, options, app.AppName);
        }));
        return command;
    }

    private static int Render(CliConsole console, TerminationGuard guard, RenderOptions options, string? appName)
    {
        // Spooled like `render` to stdout: the repo-server sidecar's memory stays flat however large the app.
        using var spool = new ObjectSpool();
        var result = RenderEngine.RenderToSpool(["."], options, spool);
        var diagnostics = result.HasErrors || result.ObjectCount > 0 ? result.Diagnostics : [.. result.Diagnostics, EmptyResult()];
        DiagnosticPrinter.Print(diagnostics, console.Error);
        if (diagnostics.Any(d => d.IsError))
        {
            return ExitCodes.InvalidInput;
        }
        guard.Commit();
        spool.CopyTo(console.Out);
        console.Error.Write($"mysqlrender: {(appName is null ? "" : $"app {appName}: ")}{result.ObjectCount} objects "
            + $"from {result.InstanceCount} MySQL resource{(result.InstanceCount == 1 ? "" : "s")}\n");
        return ExitCodes.Ok;
    }

    /// <summary>Refused on purpose: with automated prune, an empty success would delete everything the app deployed.</summary>
    private static Diagnostic EmptyResult() => new(".", SourcePosition.Start, Severity.Error, DiagnosticCodes.EmptyResult, "",
        "nothing was rendered from this folder (an empty result would let Argo CD prune all of the application's resources)",
        "add a MySQL resource, or point the Application's path at the folder that holds them");
}
