using System.CommandLine;
using MySqlRender.Hosting;

namespace MySqlRender.Plugins.ArgoCd;

/// <summary>
/// <c>mysqlrender cmp discover</c> (plugin.yaml <c>discover.find.command</c>): prints the matching files when the
/// working directory is a mysqlrender app, nothing otherwise. Argo CD reads non-empty stdout as a match and a
/// non-zero exit as a failed request, so this always exits 0.
/// </summary>
public static class CmpDiscoverCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("discover", "Print the MySQL resource files of the current folder if it is a mysqlrender app (always exit 0)");
        command.SetAction(_ =>
        {
            using var guard = new TerminationGuard(console.Error);
            var matches = FindMatches(console);
            guard.Commit();
            foreach (var file in matches)
            {
                console.Out.Write(file + "\n");
            }
            console.Out.Flush();
            return ExitCodes.Ok;
        });
        return command;
    }

    private static IReadOnlyList<string> FindMatches(CliConsole console)
    {
        try
        {
            var sourcePath = Environment.GetEnvironmentVariable("ARGOCD_APP_SOURCE_PATH");
            var root = RepositoryRoot.Of(console.WorkingDirectory, sourcePath);
            return AppFolderDiscovery.MatchingFiles(console.WorkingDirectory, root);
        }
        catch (Exception e)
        {
            console.Error.Write($"mysqlrender: cmp discover: {e.Message}; the folder is treated as not matching\n");
            return [];
        }
    }
}
