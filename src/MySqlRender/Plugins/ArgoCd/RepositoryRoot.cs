using MySqlRender.Input;

namespace MySqlRender.Plugins.ArgoCd;

/// <summary>
/// The root of the repository copy argocd-cmp-server made (<c>/tmp/_cmp_server/&lt;uuid&gt;</c>): the app folder
/// minus <c>ARGOCD_APP_SOURCE_PATH</c>. Inputs are confined to it. When the path is unknown or does not end the app
/// folder's real path (a symlinked app folder), the app folder itself is the boundary: stricter, never looser.
/// </summary>
public static class RepositoryRoot
{
    public static string Of(string appFolder, string? sourcePath)
    {
        var realApp = InputFileFinder.RealPath(appFolder);
        var parts = (sourcePath ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        if (parts.Contains(".."))
        {
            throw new CmpParameterException($"ARGOCD_APP_SOURCE_PATH {CmpValue.Quote(sourcePath!)} must not contain '..'");
        }
        if (parts.Length == 0)
        {
            return realApp;
        }
        var suffix = Path.DirectorySeparatorChar + string.Join(Path.DirectorySeparatorChar, parts);
        return realApp.EndsWith(suffix, StringComparison.Ordinal) && realApp.Length > suffix.Length
            ? realApp[..^suffix.Length]
            : realApp;
    }
}
