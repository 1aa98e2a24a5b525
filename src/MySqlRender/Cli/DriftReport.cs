using MySqlRender.Hosting;
using MySqlRender.Output;

namespace MySqlRender.Cli;

/// <summary>
/// Prints what <c>render -o DIR --check</c> found: on stdout only a unified diff per stale file (together a patch that
/// <c>git apply</c> accepts inside DIR), then a one-line verdict on stderr.
/// </summary>
public static class DriftReport
{
    public static int Print(IReadOnlyList<FileDrift> drift, string directory, bool prune, int notRendered, CliConsole console)
    {
        foreach (var file in drift)
        {
            console.Out.Write(file.Diff);
        }
        if (!prune && notRendered > 0)
        {
            console.Error.Write($"mysqlrender: note: {notRendered} file(s) under {directory} are no longer rendered; add --prune to check (and remove) them\n");
        }
        if (drift.Count == 0)
        {
            console.Error.Write($"mysqlrender: {directory} is up to date\n");
            return ExitCodes.Ok;
        }
        var counts = string.Join(", ", drift.GroupBy(d => d.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Describe(g.Key)}"));
        console.Error.Write($"mysqlrender: {directory} is stale ({counts}); run: mysqlrender render ... -o {directory}{(prune ? " --prune" : "")}\n");
        return ExitCodes.InvalidInput;
    }

    private static string Describe(DriftKind kind) => kind switch
    {
        DriftKind.Missing => "missing",
        DriftKind.Changed => "changed",
        _ => "no longer rendered",
    };
}
