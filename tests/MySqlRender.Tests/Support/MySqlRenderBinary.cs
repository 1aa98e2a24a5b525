namespace MySqlRender.Tests;

/// <summary>
/// The mysqlrender executable for out-of-process tests: $MYSQLRENDER_BIN (CI points it at the Native AOT
/// binary, so the published artifact is what gets tested), else the JIT apphost copied next to the tests.
/// </summary>
public static class MySqlRenderBinary
{
    public static string Path { get; } = Locate();

    public static bool IsOverridden => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MYSQLRENDER_BIN"));

    public static CliResult Run(
        IEnumerable<string> args,
        string? workingDirectory = null,
        IDictionary<string, string?>? environment = null,
        string? stdin = null) =>
        ProcessRunner.Run(Path, args, workingDirectory, environment, stdin);

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable("MYSQLRENDER_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return System.IO.Path.GetFullPath(configured);
        }
        var apphost = System.IO.Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "mysqlrender.exe" : "mysqlrender");
        return File.Exists(apphost) ? apphost : throw new FileNotFoundException("mysqlrender apphost not found", apphost);
    }
}
