namespace MySqlRender.Tests.EverydayUse;

/// <summary>`dotnet pack` makes a .NET tool that installs from a local feed and works (the way a platform team ships it).</summary>
public sealed class ToolPackageTests
{
    [Fact]
    public void The_packed_tool_installs_from_a_local_feed_and_renders()
    {
        var dotnet = ExternalTool.Require("dotnet", "install the .NET 10 SDK");
        using var work = new TempFolder();
        var feed = work.Combine("feed");
        var tools = work.Combine("tools");
        // Only the local feed: the test must install what this repository built, never a package from elsewhere.
        var config = work.Write("nuget.config",
            $"<configuration><packageSources><clear /><add key=\"local\" value=\"{feed}\" /></packageSources></configuration>");

        var pack = ProcessRunner.Run(dotnet, ["pack", "src/MySqlRender", "-c", "Release", "-o", feed, "--nologo"], timeout: TimeSpan.FromMinutes(5));
        Assert.True(pack.ExitCode == 0, pack.Stdout + pack.Stderr);
        var version = CliRunner.Run("--version").Stdout.Trim();

        var install = ProcessRunner.Run(dotnet,
            ["tool", "install", "mysqlrender", "--tool-path", tools, "--configfile", config, "--version", version], timeout: TimeSpan.FromMinutes(3));
        Assert.True(install.ExitCode == 0, install.Stdout + install.Stderr);

        var tool = Path.Combine(tools, "mysqlrender");
        Assert.Equal(version + "\n", ProcessRunner.Run(tool, ["--version"]).Stdout);
        var render = ProcessRunner.Run(tool, ["render", "examples/seed"]);
        Assert.Equal(0, render.ExitCode);
        Assert.Equal(File.ReadAllText(RepoPaths.Of("tests", "snapshots", "render", "seed.yaml")), render.Stdout);
    }
}
