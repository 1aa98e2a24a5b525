namespace MySqlRender.Tests.Drills;

/// <summary>Runs a bash snippet after sourcing templates/scripts/lib.sh, as the container scripts do.</summary>
public static class ShellLibrary
{
    public static readonly string LibraryPath = RepoPaths.Of("templates", "scripts", "lib.sh");

    public static CliResult Run(string snippet, IDictionary<string, string?>? environment = null, string? stdin = null)
    {
        var env = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>()) { ["MYSQLRENDER_LIB"] = LibraryPath };
        return ProcessRunner.Run("/bin/bash", ["-c", ". \"$MYSQLRENDER_LIB\"\n" + snippet], environment: env, stdin: stdin,
            timeout: TimeSpan.FromSeconds(60));
    }

    /// <summary>The manifest lines of a dump: kind, rows ("-" for views), name decoded from hex.</summary>
    public static List<(string Kind, string Rows, string Name)> ParseManifest(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(f => (f[0], f[1], System.Text.Encoding.UTF8.GetString(Convert.FromHexString(f[2]))))
            .ToList();
}
