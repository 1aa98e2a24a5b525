using System.CommandLine;
using System.Text.RegularExpressions;
using MySqlRender.Cli;
using MySqlRender.Hosting;

namespace MySqlRender.Tests;

/// <summary><c>render -o DIR</c> is all-or-nothing, and no failure ever shows a stack trace.</summary>
public sealed class OutputAtomicityTests
{
    [Fact]
    public void A_write_failing_midway_leaves_the_previous_output_intact()
    {
        using var folder = new TempFolder();
        var target = folder.Combine("rendered");
        Assert.Equal(0, CliRunner.Run("render", "examples/multi", "-o", target).ExitCode);
        // A folder named like an object's file, which the next render must write: staging fails on that object,
        // after the objects sorted before it were already written.
        var blocked = Directory.EnumerateFiles(target, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Skip(2).First();
        File.Delete(blocked);
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(blocked).FullName, "inner.yaml"), "kept: true\n");
        var before = FolderSnapshot.Of(folder.Path);

        var result = CliRunner.Run("render", "examples/multi", "-o", target);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", FolderSnapshot.Describe(before, FolderSnapshot.Of(folder.Path)));
        // The warnings of the examples come first; the write error is the last line.
        Assert.Matches($"(?m)^mysqlrender: error: cannot write the output folder {Regex.Escape(target)}: .*; its previous content is unchanged\n\\z", result.Stderr);
    }

    [Fact]
    public void A_successful_render_replaces_the_folder_and_leaves_no_staging_behind()
    {
        using var folder = new TempFolder();
        var target = folder.Combine("rendered");
        CliRunner.Run("render", "examples/seed", "-o", target);

        var result = CliRunner.Run("render", "examples/multi", "-o", target, "--prune");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["rendered"], Directory.EnumerateFileSystemEntries(folder.Path).Select(Path.GetFileName));
        Assert.DoesNotContain(Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories), f => f.Contains("mysql-instance"));
    }

    [Fact]
    public void An_internal_fault_exits_70_names_the_input_and_shows_no_stack_trace()
    {
        var stderr = new StringWriter();
        var console = new CliConsole(new StringWriter(), stderr);
        var parse = CliApp.Build(console).Parse(["render", "examples/seed"]);

        var code = CommandRunner.Run(console, parse, () => throw new InvalidOperationException("boom"));

        Assert.Equal(ExitCodes.InternalError, code);
        Assert.Equal("mysqlrender: internal error (InvalidOperationException: boom) while running: mysqlrender render examples/seed\n"
            + "please report it with the input that caused it\n", stderr.ToString());
    }

    [Fact]
    public void A_command_throwing_outside_the_command_runner_still_exits_70_without_a_stack_trace()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr);
        var root = new RootCommand();
        var broken = new Command("broken");
        broken.SetAction(new Func<ParseResult, int>(_ => throw new InvalidOperationException("boom\n   at Forged.Frame()")));
        root.Subcommands.Add(broken);

        var code = CliApp.Run(root, ["broken"], console);

        Assert.Equal(ExitCodes.InternalError, code);
        Assert.StartsWith("mysqlrender: ", stderr.ToString());
        Assert.DoesNotContain("\n   at ", stderr.ToString());
        Assert.Equal("", stdout.ToString());
    }
}
