using MySqlRender.Cli;
using MySqlRender.Hosting;

namespace MySqlRender.Tests;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the CLI in-process, with the repository root (or another folder) as working directory.</summary>
public static class CliRunner
{
    public static CliResult Run(params string[] args) => RunIn(RepoPaths.Root, args);

    public static CliResult RunIn(string workingDirectory, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = CliApp.Run(args, new CliConsole(stdout, stderr) { WorkingDirectory = workingDirectory });
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}
